package dev.moescope.bridge;

import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** bf16/f16 checkpoints equal the same weights stored as f32; sharded equals single-file. */
class CheckpointFormatsTest {

    @TempDir
    static Path tmp;

    private static final int[] IDS = {84, 104, 101, 32, 113, 117, 105, 99, 107};

    @ParameterizedTest
    @CsvSource({"qwen3_moe,BF16", "olmoe,F16", "mixtral,BF16", "qwen2_moe,F16"})
    void halfPrecisionCheckpointEqualsWidenedF32(String arch, SafetensorsDType dtype) {
        Path half = TestCheckpoints.random(tmp, arch, dtype, 1, 11);
        Path f32 = TestCheckpoints.widenedToF32(half, tmp.resolve(arch + "-widened"));
        try (MoeModel a = MoeModel.load(half, LoadOptions.cpu()); MoeModel b = MoeModel.load(f32, LoadOptions.cpu())) {
            ForwardResult ra = a.forward(IDS, ForwardOptions.trace());
            ForwardResult rb = b.forward(IDS, ForwardOptions.trace());
            RoutingAssertions.assertSameRouting(rb.trace(), ra.trace(), 0f);
            assertEquals(0f, TestCheckpoints.maxAbsDiff(ra.logits(), rb.logits()), "identical weights, identical math");
        }
    }

    @ParameterizedTest
    @CsvSource({"qwen3_moe,3", "qwen2_moe,4", "mixtral,2"})
    void shardedEqualsSingleFile(String arch, int shards) {
        Path single = TestCheckpoints.random(tmp, arch, SafetensorsDType.BF16, 1, 5);
        Path sharded = TestCheckpoints.random(tmp, arch, SafetensorsDType.BF16, shards, 5);
        assertTrue(Files.exists(sharded.resolve("model.safetensors.index.json")));
        assertTrue(Files.notExists(sharded.resolve("model.safetensors")));
        try (MoeModel a = MoeModel.load(single, LoadOptions.cpu()); MoeModel b = MoeModel.load(sharded, LoadOptions.cpu())) {
            ForwardResult ra = a.forward(IDS, ForwardOptions.trace());
            ForwardResult rb = b.forward(IDS, ForwardOptions.trace());
            RoutingAssertions.assertSameRouting(ra.trace(), rb.trace(), 0f);
            assertEquals(0f, TestCheckpoints.maxAbsDiff(ra.logits(), rb.logits()));
        }
    }
}
