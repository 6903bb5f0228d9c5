package dev.moescope.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.safetensors.SafetensorsWriter;
import dev.moescope.bridge.safetensors.TensorEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gpt_oss MXFP4 against the same weights in BF16, and bad input of the new architectures. */
class NewArchitectureChecksTest {

    @TempDir
    Path tmp;

    private static final int[] PROMPT = {84, 104, 101, 32, 113, 117, 105, 99, 107, 32, 98, 114, 111, 119, 110, 32,
        102, 111, 120, 32, 106, 117, 109, 112, 115};

    private static Path fixture(String arch) {
        return FixtureCases.root().resolve(arch).resolve("model");
    }

    /** Every tensor of a checkpoint as F32 (U8 as byte values), with {@code edit} applied to the list. */
    private static List<SafetensorsWriter.Tensor> tensors(Path dir) {
        List<SafetensorsWriter.Tensor> out = new ArrayList<>();
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(dir)) {
            for (String name : ckpt.names()) {
                TensorEntry e = ckpt.entry(name);
                if (e.dtype() == SafetensorsDType.U8) {
                    byte[] b = ckpt.readU8(name);
                    float[] v = new float[b.length];
                    for (int i = 0; i < b.length; i++) {
                        v[i] = b[i] & 0xFF;
                    }
                    out.add(SafetensorsWriter.Tensor.of(name, SafetensorsDType.U8, e.shape(), v));
                } else {
                    out.add(SafetensorsWriter.Tensor.of(name, e.dtype(), e.shape(), ckpt.readF32(name)));
                }
            }
        }
        return out;
    }

    private static Path rewrite(Path src, Path dst, List<SafetensorsWriter.Tensor> tensors, Consumer<ObjectNode> config)
            throws IOException {
        TestCheckpoints.copyNonWeights(src, dst);
        ObjectMapper json = new ObjectMapper();
        ObjectNode cfg = (ObjectNode) json.readTree(dst.resolve("config.json").toFile());
        config.accept(cfg);
        json.writeValue(dst.resolve("config.json").toFile(), cfg);
        SafetensorsWriter.write(dst.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        return dst;
    }

    /**
     * The fixture's MXFP4 experts decoded (by the test, from the bytes) into HF's dequantised BF16 layout
     * {@code gate_up_proj [E, H, 2I]}, {@code down_proj [E, I, H]}: the model must route and predict the same.
     */
    @Test
    void mxfp4ExpertsMatchTheSameWeightsInBf16() throws IOException {
        Path src = fixture("gpt_oss");
        List<SafetensorsWriter.Tensor> out = new ArrayList<>();
        List<SafetensorsWriter.Tensor> all = tensors(src);
        for (SafetensorsWriter.Tensor t : all) {
            if (t.name().endsWith("_scales")) {
                continue;
            }
            if (!t.name().endsWith("_blocks")) {
                out.add(t);
                continue;
            }
            String prefix = t.name().substring(0, t.name().length() - "_blocks".length());
            float[] blocks = t.data().get();
            float[] scales = all.stream().filter(s -> s.name().equals(prefix + "_scales")).findFirst().orElseThrow()
                    .data().get();
            long[] s = t.shape();                      // [E, R, G, 16]
            int experts = (int) s[0];
            int rows = (int) s[1];
            int cols = (int) s[2] * 32;
            float[] dequant = new float[experts * rows * cols]; // [E, cols, rows] = HF's [in, out]
            for (int e = 0; e < experts; e++) {
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        int g = c / 32;
                        int byteIndex = ((e * rows + r) * (cols / 32) + g) * 16 + (c % 32) / 2;
                        int b = (int) blocks[byteIndex];
                        int code = c % 2 == 0 ? b & 0xF : b >> 4;
                        double mag = new double[] {0, .5, 1, 1.5, 2, 3, 4, 6}[code & 7];
                        double scale = Math.pow(2, scales[(e * rows + r) * (cols / 32) + g] - 127);
                        dequant[(e * cols + c) * rows + r] = (float) ((code >= 8 ? -mag : mag) * scale);
                    }
                }
            }
            out.add(SafetensorsWriter.Tensor.of(prefix, SafetensorsDType.BF16, new long[] {experts, cols, rows}, dequant));
        }
        Path bf16 = rewrite(src, tmp.resolve("gpt_oss_bf16"), out, c -> c.remove("quantization_config"));
        try (MoeModel a = MoeModel.load(src, LoadOptions.cpu()); MoeModel b = MoeModel.load(bf16, LoadOptions.cpu())) {
            ForwardResult ra = a.forward(PROMPT, ForwardOptions.trace());
            ForwardResult rb = b.forward(PROMPT, ForwardOptions.trace());
            RoutingAssertions.assertSameRouting(ra.trace(), rb.trace(), 0f);
            assertEquals(0f, TestCheckpoints.maxAbsDiff(ra.logits(), rb.logits()), "MXFP4 values are exact in BF16");
            // and the dequantised model still reproduces the golden
            for (String len : List.of("len7", "len33")) {
                TraceJson.Parsed golden = TraceJson.read(FixtureCases.root().resolve("gpt_oss/golden/" + len + ".json"));
                ForwardResult r = b.forward(golden.trace().tokens(), ForwardOptions.trace());
                List<String> failures = TraceComparison.failures(golden, r.trace(), r.logits());
                assertTrue(failures.isEmpty(), String.join("\n", failures));
            }
        }
    }

    private static ModelConfig fixtureConfig(String arch, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode cfg = (ObjectNode) new ObjectMapper().readTree(fixture(arch).resolve("config.json").toFile());
        edit.accept(cfg);
        return ModelConfig.parse(cfg.toString(), arch + "/config.json");
    }

    /** The YaRN numbers the fixtures README derives from HF's formulas. */
    @Test
    void yarnFrequenciesAndScalesFollowHf() throws IOException {
        Architecture v2 = fixtureConfig("deepseek_v2", c -> { }).architecture();
        var f = (Architecture.FixedFrequencies) v2.rope().frequencies();
        float[] expected = {1.0f, 0.1f, 0.005125f, 2.5e-05f};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], f.invFreq()[i], expected[i] * 1e-5, "inv_freq " + i);
        }
        assertEquals(1.0f, f.attentionScale(), 1e-7);
        assertEquals(Math.pow(24, -0.5), v2.attention().scale(), 1e-9, "V2: no mscale^2 on the softmax scale");
        assertEquals(0.382499, fixtureConfig("deepseek_v3", c -> { }).architecture().attention().scale(), 1e-6);
        var oss = (Architecture.FixedFrequencies) fixtureConfig("gpt_oss", c -> { }).architecture().rope().frequencies();
        assertEquals(1.346574f, oss.attentionScale(), 1e-6);
    }

    /** longrope: short factors while the call's last position + 1 <= original, long ones (and long_mscale) after. */
    @Test
    void longropeChoosesFactorsPerCallLength() throws IOException {
        ModelConfig c = fixtureConfig("phimoe", cfg -> {
            cfg.put("original_max_position_embeddings", 16);
            ((ObjectNode) cfg.get("rope_scaling")).put("original_max_position_embeddings", 16).put("long_mscale", 1.31);
        });
        var f = (Architecture.LongRopeFrequencies) c.architecture().rope().frequencies();
        Architecture.FixedFrequencies shortCall = f.forCall(15);
        Architecture.FixedFrequencies longCall = f.forCall(16);
        assertEquals(1.243163f, shortCall.attentionScale(), 1e-6);
        assertEquals(1.31f, longCall.attentionScale(), 1e-6);
        // inv_freq_i = 1 / (factor_i * theta^(2i/d)): the last dim's long factor is 24, its short factor 1.06
        float ratio = shortCall.invFreq()[7] / longCall.invFreq()[7];
        assertEquals(24.0 / 1.06, ratio, 1e-3);
    }

    @Test
    void everyPresetOfEveryArchitectureIsAValidConfig() throws IOException {
        for (String arch : dev.moescope.bridge.random.RandomModelSpec.ARCHS) {
            for (String preset : dev.moescope.bridge.random.RandomModelSpec.PRESETS) {
                var spec = dev.moescope.bridge.random.RandomModelSpec.preset(arch, preset);
                String json = new ObjectMapper().writeValueAsString(
                        dev.moescope.bridge.random.HfConfigFiles.config(spec, SafetensorsDType.F32));
                ModelConfig c = ModelConfig.parse(json, arch + " " + preset);
                assertEquals(arch, c.modelType());
                assertEquals(spec.topK(), c.numExpertsPerTok(), arch + " " + preset);
            }
        }
    }

    @Test
    void inconsistentMxfp4ScalesNameFileAndTensor() throws IOException {
        Path src = fixture("gpt_oss");
        List<SafetensorsWriter.Tensor> out = new ArrayList<>();
        String bad = "model.layers.1.mlp.experts.down_proj_scales";
        for (SafetensorsWriter.Tensor t : tensors(src)) {
            if (t.name().equals(bad)) {
                long[] s = t.shape().clone();
                s[2] += 1;                                     // one scale group more than the blocks have
                out.add(SafetensorsWriter.Tensor.of(bad, SafetensorsDType.U8, s, new float[(int) (s[0] * s[1] * s[2])]));
            } else {
                out.add(t);
            }
        }
        Path dir = rewrite(src, tmp.resolve("bad_scales"), out, c -> { });
        CheckpointException e = assertThrows(CheckpointException.class, () -> MoeModel.load(dir, LoadOptions.cpu()));
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains(bad)
                && e.getMessage().contains("inconsistent"), e.getMessage());
    }

    @Test
    void unknownRoutingMethodNamesTheField() throws IOException {
        Path dir = rewrite(fixture("deepseek_v2"), tmp.resolve("bad_topk"), tensors(fixture("deepseek_v2")),
                c -> c.put("topk_method", "sinkhorn"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> MoeModel.load(dir, LoadOptions.cpu()));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("topk_method")
                && e.getMessage().contains("sinkhorn") && e.getMessage().contains("group_limited_greedy"), e.getMessage());
        Path v3 = tmp.resolve("v3_config");
        Files.createDirectories(v3);
        ObjectNode cfg = (ObjectNode) new ObjectMapper().readTree(fixture("deepseek_v3").resolve("config.json").toFile());
        cfg.put("topk_method", "greedy");
        CheckpointException e3 = assertThrows(CheckpointException.class,
                () -> ModelConfig.parse(cfg.toString(), "v3/config.json"));
        assertTrue(e3.getMessage().contains("v3/config.json") && e3.getMessage().contains("noaux_tc"), e3.getMessage());
    }

    @Test
    void yarnWithoutItsFactorNamesTheField() throws IOException {
        Path dir = rewrite(fixture("gpt_oss"), tmp.resolve("bad_yarn"), tensors(fixture("gpt_oss")),
                c -> ((ObjectNode) c.get("rope_scaling")).remove("factor"));
        CheckpointException e = assertThrows(CheckpointException.class, () -> MoeModel.load(dir, LoadOptions.cpu()));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage().contains("rope_scaling.factor")
                && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void longropeWithWrongFactorCountNamesTheField() throws IOException {
        ObjectNode cfg = (ObjectNode) new ObjectMapper().readTree(fixture("phimoe").resolve("config.json").toFile());
        ((ObjectNode) cfg.get("rope_scaling")).putArray("short_factor").add(1.0).add(1.0);
        CheckpointException e = assertThrows(CheckpointException.class,
                () -> ModelConfig.parse(cfg.toString(), "phimoe/config.json"));
        assertTrue(e.getMessage().contains("rope_scaling.short_factor") && e.getMessage().contains("expected 8"),
                e.getMessage());
    }
}
