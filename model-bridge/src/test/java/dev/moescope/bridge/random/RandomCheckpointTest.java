package dev.moescope.bridge.random;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomCheckpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode resource(String name) throws Exception {
        try (InputStream in = RandomCheckpointTest.class.getResourceAsStream(name)) {
            return JSON.readTree(in);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        out.sort(null);
        return out;
    }

    @Test
    void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws Exception {
        RandomModelSpec spec = RandomModelSpec.preset("qwen3_moe", "tiny");
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        Path c = dir.resolve("c");
        RandomCheckpoint.write(a, spec, SafetensorsDType.BF16, 1, 7);
        RandomCheckpoint.write(b, spec, SafetensorsDType.BF16, 1, 7);
        RandomCheckpoint.write(c, spec, SafetensorsDType.BF16, 1, 8);
        try (Stream<Path> files = Files.list(a)) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(f.getFileName())), f.toString());
            }
        }
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("model.safetensors")),
                Files.readAllBytes(c.resolve("model.safetensors"))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe", "mixtral", "qwen2_moe"})
    void tinyCheckpointHasTheConfigAndTensorsOfItsArchitecture(String arch) throws Exception {
        RandomModelSpec spec = RandomModelSpec.preset(arch, "tiny");
        RandomCheckpoint.Summary summary = RandomCheckpoint.write(dir, spec, SafetensorsDType.F32, 1, 1);
        ModelConfig config = ModelConfig.read(dir);
        assertEquals(arch, config.modelType());
        assertEquals(64, config.hiddenSize());
        assertEquals(8, config.numExperts());
        assertEquals(2, config.numExpertsPerTok());
        assertEquals(spec.headDim(), config.headDim());
        List<Integer> moe = config.moeLayers();
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(dir)) {
            assertEquals(summary.tensors(), ck.names().size());
            for (int layer = 0; layer < spec.numLayers(); layer++) {
                String p = "model.layers." + layer + ".";
                String router = arch.equals("mixtral") ? p + "block_sparse_moe.gate.weight" : p + "mlp.gate.weight";
                assertEquals(moe.contains(layer), ck.contains(router), router);
                assertEquals(!moe.contains(layer), ck.contains(p + "mlp.gate_proj.weight"), "dense mlp of layer " + layer);
            }
            float[] norm = ck.readF32("model.layers.0.input_layernorm.weight");
            double mean = 0;
            for (float v : norm) {
                mean += v / norm.length;
                assertNotEquals(1f, v);
            }
            assertEquals(1.0, mean, 0.05, "norm weights are close to 1");
            assertArrayEquals(new long[] {spec.vocabSize(), 64}, ck.entry("lm_head.weight").shape());
            switch (arch) {
                case "qwen3_moe" -> {
                    assertEquals(List.of(0, 2), moe);
                    assertArrayEquals(new long[] {24}, ck.entry("model.layers.0.self_attn.q_norm.weight").shape());
                    assertArrayEquals(new long[] {4 * 24, 64}, ck.entry("model.layers.0.self_attn.q_proj.weight").shape());
                    assertArrayEquals(new long[] {64, 32}, ck.entry("model.layers.2.mlp.experts.7.down_proj.weight").shape());
                }
                case "olmoe" -> {
                    assertArrayEquals(new long[] {64}, ck.entry("model.layers.1.self_attn.q_norm.weight").shape());
                    assertArrayEquals(new long[] {64}, ck.entry("model.layers.1.self_attn.k_norm.weight").shape());
                }
                case "mixtral" -> {
                    assertArrayEquals(new long[] {32, 64}, ck.entry("model.layers.1.block_sparse_moe.experts.3.w1.weight").shape());
                    assertArrayEquals(new long[] {64, 32}, ck.entry("model.layers.1.block_sparse_moe.experts.3.w2.weight").shape());
                    assertArrayEquals(new long[] {32, 64}, ck.entry("model.layers.1.block_sparse_moe.experts.3.w3.weight").shape());
                }
                case "qwen2_moe" -> {
                    assertEquals(List.of(1, 3), moe);
                    assertTrue(config.qkvBias());
                    assertEquals(64, config.sharedExpertIntermediateSize());
                    assertArrayEquals(new long[] {32}, ck.entry("model.layers.0.self_attn.k_proj.bias").shape());
                    assertArrayEquals(new long[] {64, 64}, ck.entry("model.layers.1.mlp.shared_expert.down_proj.weight").shape());
                    assertArrayEquals(new long[] {1, 64}, ck.entry("model.layers.3.mlp.shared_expert_gate.weight").shape());
                }
                default -> throw new AssertionError(arch);
            }
        }
    }

    @Test
    void configsHaveTheFieldsOfTheFixtureConfigs() throws Exception {
        for (String arch : List.of("qwen3_moe", "olmoe")) {
            Path out = dir.resolve(arch);
            RandomCheckpoint.write(out, RandomModelSpec.preset(arch, "tiny"), SafetensorsDType.F32, 1, 1);
            JsonNode fixture = resource("fixture-" + arch + "-config.json");
            JsonNode ours = JSON.readTree(out.resolve("config.json").toFile());
            assertEquals(fieldNames(fixture), fieldNames(ours), arch);
        }
    }

    @Test
    void tokenizerFilesMatchTheFixtureTokenizer() throws Exception {
        RandomCheckpoint.write(dir, RandomModelSpec.preset("olmoe", "tiny"), SafetensorsDType.F32, 1, 1);
        assertEquals(resource("fixture-tokenizer.json"), JSON.readTree(dir.resolve("tokenizer.json").toFile()));
        assertEquals(resource("fixture-tokenizer_config.json"), JSON.readTree(dir.resolve("tokenizer_config.json").toFile()));
        try (HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"),
                Map.of("addSpecialTokens", "false", "truncation", "false"))) {
            assertArrayEquals(new long[] {72, 101, 108, 108, 111, 44, 32}, tok.encode("Hello, ").getIds());
            assertEquals("Hello, ", tok.decode(new long[] {72, 101, 108, 108, 111, 44, 32}));
        }
    }

    @Test
    void shardedCheckpointHoldsTheSameTensors() throws Exception {
        RandomModelSpec spec = RandomModelSpec.preset("mixtral", "tiny");
        Path single = dir.resolve("single");
        Path sharded = dir.resolve("sharded");
        RandomCheckpoint.write(single, spec, SafetensorsDType.F16, 1, 3);
        RandomCheckpoint.write(sharded, spec, SafetensorsDType.F16, 3, 3);
        assertTrue(Files.exists(sharded.resolve("model-00003-of-00003.safetensors")));
        try (SafetensorsCheckpoint a = SafetensorsCheckpoint.open(single);
             SafetensorsCheckpoint b = SafetensorsCheckpoint.open(sharded)) {
            assertEquals(a.names(), b.names());
            for (String name : a.names()) {
                assertArrayEquals(a.readF32(name), b.readF32(name), name);
            }
        }
    }

    @Test
    void benchPresetHasTheAgreedDimensions() {
        RandomModelSpec s = RandomModelSpec.preset("qwen3_moe", "bench");
        assertEquals(List.of(512, 8, 64, 8, 256, 8, 4, 64, 4096, 1024),
                List.of(s.hiddenSize(), s.numLayers(), s.numExperts(), s.topK(), s.moeIntermediateSize(), s.numHeads(),
                        s.numKvHeads(), s.headDim(), s.vocabSize(), s.intermediateSize()));
    }
}
