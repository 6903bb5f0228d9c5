package dev.moescope.bridge.inspect;

import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.random.RandomCheckpoint;
import dev.moescope.bridge.random.RandomModelSpec;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParameterCountTest {

    @TempDir
    Path dir;

    static ModelConfig realConfig(String file) throws Exception {
        try (InputStream in = ParameterCountTest.class.getResourceAsStream(file)) {
            return ModelConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), file);
        }
    }

    /** Published totals / active parameters (billions), from the model cards and papers. */
    @ParameterizedTest
    @CsvSource({
            "mixtral-8x7b-v0.1.json, 46.7, 12.9",
            "qwen3-30b-a3b.json,     30.5, 3.3",
            "olmoe-1b-7b-0924.json,  6.9,  1.3",
            "qwen1.5-moe-a2.7b.json, 14.3, 2.7"})
    void realConfigsMatchPublishedCounts(String file, double totalB, double activeB) throws Exception {
        ParameterCount p = ParameterCount.of(realConfig(file));
        assertEquals(totalB, p.total() / 1e9, totalB * 0.02, file + " total");
        assertEquals(activeB, p.active() / 1e9, activeB * 0.03, file + " active");
    }

    /** The formula counts exactly the tensors a checkpoint stores, for every architecture and its dense layers. */
    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe", "mixtral", "qwen2_moe"})
    void configCountEqualsTheStoredTensors(String arch) {
        RandomCheckpoint.Summary s = RandomCheckpoint.write(dir, RandomModelSpec.preset(arch, "tiny"), SafetensorsDType.F16, 1, 5);
        ModelInspection in = ModelInspection.of(dir);
        assertEquals(s.parameters(), in.storedParameters());
        assertEquals(s.parameters(), in.params().total());
        assertEquals(s.parameters() * 2, in.storedBytes());
        assertEquals(java.util.Map.of(SafetensorsDType.F16, s.parameters()), in.storedDtypes());
    }
}
