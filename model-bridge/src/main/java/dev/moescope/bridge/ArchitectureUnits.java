package dev.moescope.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * One unit per supported {@code model_type}: the HF config class defaults and how its config.json becomes an
 * {@link Architecture} (transformers v4.57.6 semantics). This is the only place a model_type is looked at; to
 * add an architecture, add a unit here and a fixture (docs/dev/architectures.md).
 */
final class ArchitectureUnits {

    /** Defaults of the HF config class. */
    record Defaults(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads, int maxPositions,
                    double rmsEps, double ropeTheta) {
    }

    /** The fields every unit shares, already read with the unit's defaults. */
    record Common(String source, int hidden, int heads, int kvHeads, int layers, int intermediate, Integer headDim,
                  int maxPositions, double ropeTheta, Map<String, Object> ropeScaling, boolean attentionBias) {
        int defaultHeadDim() {
            return headDim != null ? headDim : hidden / heads;
        }
    }

    /** What a unit contributes to {@link ModelConfig} besides the common fields. */
    record Specific(int headDim, int numExperts, int expertIntermediate, int sharedIntermediate, boolean normTopkProb,
                    int decoderSparseStep, List<Integer> mlpOnlyLayers, boolean useSlidingWindow,
                    Integer slidingWindow, int maxWindowLayers, double routerJitterNoise, Architecture architecture) {
    }

    interface Unit {
        Defaults defaults();

        Specific read(ConfigFields f, Common c);
    }

    static final Map<String, Unit> UNITS = new LinkedHashMap<>();

    static {
        UNITS.put("qwen3_moe", unit(new Defaults(151936, 2048, 6144, 24, 32, 4, 32768, 1e-6, 10000.0), ArchitectureUnits::qwen));
        UNITS.put("olmoe", unit(new Defaults(50304, 2048, 2048, 16, 16, 0, 4096, 1e-5, 10000.0), ArchitectureUnits::olmoe));
        UNITS.put("mixtral", unit(new Defaults(32000, 4096, 14336, 32, 32, 8, 4096 * 32, 1e-5, 1e6), ArchitectureUnits::mixtral));
        UNITS.put("qwen2_moe", unit(new Defaults(151936, 2048, 5632, 24, 16, 16, 32768, 1e-6, 10000.0), ArchitectureUnits::qwen));
        UNITS.put("deepseek_v2", unit(new Defaults(102400, 4096, 11008, 30, 32, 32, 2048, 1e-6, 10000.0), DeepseekUnits::v2));
        UNITS.put("deepseek_v3", unit(new Defaults(129280, 7168, 18432, 61, 128, 128, 4096, 1e-6, 10000.0), DeepseekUnits::v3));
        UNITS.put("gpt_oss", unit(new Defaults(201088, 2880, 2880, 36, 64, 8, 131072, 1e-5, 150000.0), OtherUnits::gptOss));
        UNITS.put("phimoe", unit(new Defaults(32064, 4096, 6400, 32, 32, 8, 4096 * 32, 1e-5, 1e6), OtherUnits::phimoe));
        UNITS.put("glm4_moe", unit(new Defaults(151552, 4096, 10944, 46, 96, 8, 131072, 1e-5, 10000.0), OtherUnits::glm4Moe));
        UNITS.put("granitemoe", unit(new Defaults(32000, 4096, 11008, 32, 32, 0, 2048, 1e-6, 10000.0), OtherUnits::graniteMoe));
    }

    private ArchitectureUnits() {
    }

    private interface Reader {
        Specific read(ConfigFields f, Common c, String type);
    }

    private static Unit unit(Defaults d, Reader reader) {
        return new Unit() {
            @Override
            public Defaults defaults() {
                return d;
            }

            @Override
            public Specific read(ConfigFields f, Common c) {
                return reader.read(f, c, f.str("model_type", ""));
            }
        };
    }

    // ---- the four original architectures ----

    /** qwen3_moe and qwen2_moe: dense layers by decoder_sparse_step / mlp_only_layers, optional window. */
    private static Specific qwen(ConfigFields f, Common c, String type) {
        boolean qwen2 = type.equals("qwen2_moe");
        int experts = f.integer("num_experts", qwen2 ? 60 : 128);
        int topK = f.integer("num_experts_per_tok", qwen2 ? 4 : 8);
        int expertSize = f.integer("moe_intermediate_size", qwen2 ? 1408 : 768);
        int sharedSize = qwen2 ? f.integer("shared_expert_intermediate_size", 5632) : 0;
        boolean norm = f.bool("norm_topk_prob", false);
        int step = f.integer("decoder_sparse_step", 1);
        List<Integer> mlpOnly = f.ints("mlp_only_layers");
        boolean useSliding = f.bool("use_sliding_window", false);
        Integer windowRaw = f.has("sliding_window") ? f.optInteger("sliding_window") : Integer.valueOf(4096);
        Integer window = useSliding ? windowRaw : null;
        int headDim = c.defaultHeadDim();
        boolean qkvBias = qwen2 ? f.bool("qkv_bias", true) : c.attentionBias();
        boolean oBias = !qwen2 && c.attentionBias();
        var attention = new Architecture.Gqa(c.heads(), c.kvHeads(), headDim, qkvBias, oBias,
                qwen2 ? Architecture.QkNorm.NONE : Architecture.QkNorm.PER_HEAD, null, false, Math.pow(headDim, -0.5));
        IntPredicate moe = i -> !mlpOnly.contains(i) && experts > 0 && step > 0 && (i + 1) % step == 0;
        Architecture arch = new Architecture(attention, rope(c, headDim, false, null),
                Architecture.Norm.RMS, new Architecture.SoftmaxTopK(topK, norm),
                new Architecture.Experts(experts, expertSize,
                        new Architecture.PerExpert("gate_proj", "up_proj", "down_proj")),
                qwen2 ? new Architecture.GatedShared(sharedSize) : new Architecture.NoShared(),
                Architecture.Multipliers.NONE, layers(c.layers(), moe, i -> window),
                new Architecture.MoeNames("mlp.", "gate.weight"), false,
                Architecture.ActiveCount.ALL);
        return new Specific(headDim, experts, expertSize, sharedSize, norm, step, mlpOnly, useSliding, window,
                f.integer("max_window_layers", 28), 0.0, arch);
    }

    private static Specific olmoe(ConfigFields f, Common c, String type) {
        int experts = f.integer("num_experts", 64);
        int topK = f.integer("num_experts_per_tok", 8);
        boolean norm = f.bool("norm_topk_prob", false);
        Double clip = f.isNull("clip_qkv") ? null : f.number("clip_qkv", 0);
        int headDim = c.defaultHeadDim();
        var attention = new Architecture.Gqa(c.heads(), c.kvHeads(), headDim, c.attentionBias(), c.attentionBias(),
                Architecture.QkNorm.WHOLE_PROJECTION, clip, false, Math.pow(headDim, -0.5));
        Architecture arch = new Architecture(attention, rope(c, headDim, false, null), Architecture.Norm.RMS,
                new Architecture.SoftmaxTopK(topK, norm),
                new Architecture.Experts(experts, c.intermediate(),
                        new Architecture.PerExpert("gate_proj", "up_proj", "down_proj")),
                new Architecture.NoShared(), Architecture.Multipliers.NONE, layers(c.layers(), i -> true, i -> null),
                new Architecture.MoeNames("mlp.", "gate.weight"), false,
                Architecture.ActiveCount.ALL);
        return new Specific(headDim, experts, c.intermediate(), 0, norm, 1, List.of(), false, null, 0, 0.0, arch);
    }

    private static Specific mixtral(ConfigFields f, Common c, String type) {
        int experts = f.integer("num_local_experts", 8);
        int topK = f.integer("num_experts_per_tok", 2);
        Integer window = f.optInteger("sliding_window");
        int headDim = c.defaultHeadDim();
        var attention = new Architecture.Gqa(c.heads(), c.kvHeads(), headDim, false, false, Architecture.QkNorm.NONE,
                null, false, Math.pow(headDim, -0.5));
        Architecture arch = new Architecture(attention, rope(c, headDim, false, null), Architecture.Norm.RMS,
                new Architecture.SoftmaxTopK(topK, true),
                new Architecture.Experts(experts, c.intermediate(), new Architecture.PerExpert("w1", "w3", "w2")),
                new Architecture.NoShared(), Architecture.Multipliers.NONE, layers(c.layers(), i -> true, i -> window),
                new Architecture.MoeNames("block_sparse_moe.", "gate.weight"), false,
                Architecture.ActiveCount.ALL);
        return new Specific(headDim, experts, c.intermediate(), 0, true, 1, List.of(), true, window, 0,
                f.number("router_jitter_noise", 0.0), arch);
    }

    // ---- shared helpers of the units ----

    /** RoPE over {@code dim} dims with the config's theta and rope_scaling. */
    static Architecture.RopeKind rope(Common c, int dim, boolean interleaved, Integer topLevelOriginal) {
        return new Architecture.RopeKind(dim, interleaved, RopeScaling.frequencies(c.source(), c.ropeScaling(),
                c.ropeTheta(), dim, c.maxPositions(), topLevelOriginal));
    }

    interface WindowOf {
        Integer window(int layer);
    }

    static List<Architecture.LayerKind> layers(int n, IntPredicate moe, WindowOf window) {
        List<Architecture.LayerKind> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Architecture.LayerKind(moe.test(i), window.window(i)));
        }
        return List.copyOf(out);
    }

    static void requireGroups(String source, int experts, int nGroup, int topkGroup, int k) {
        if (nGroup <= 0 || experts % nGroup != 0) {
            throw new CheckpointException(source + ": field n_group " + nGroup + " must divide the number of routed "
                    + "experts (" + experts + ")");
        }
        if (topkGroup <= 0 || topkGroup > nGroup) {
            throw new CheckpointException(source + ": field topk_group " + topkGroup + " must be between 1 and n_group ("
                    + nGroup + ")");
        }
        if (k > topkGroup * (experts / nGroup)) {
            throw new CheckpointException(source + ": field num_experts_per_tok " + k + " exceeds the experts of the "
                    + topkGroup + " kept groups");
        }
    }
}
