package dev.moescope.bridge;

import java.util.List;
import java.util.Set;

/**
 * deepseek_v2 and deepseek_v3 (transformers v4.57.6 DeepseekV2/V3 modeling): Multi-head Latent Attention with
 * interleaved-pair RoPE on the rope dims, dense layers before {@code first_k_dense_replace}, plain shared experts.
 * V2 routes by softmax ({@code greedy} / {@code group_limited_greedy}) and does not apply YaRN's mscale to the
 * softmax scale; V3 routes by sigmoid with the correction bias and groups ({@code noaux_tc}) and does.
 */
final class DeepseekUnits {

    private static final Set<String> V2_METHODS = Set.of("greedy", "group_limited_greedy");

    private DeepseekUnits() {
    }

    static ArchitectureUnits.Specific v2(ConfigFields f, ArchitectureUnits.Common c, String type) {
        String method = f.str("topk_method", "greedy");
        if (!V2_METHODS.contains(method)) {
            throw new CheckpointException(c.source() + ": field topk_method '" + method + "' is not a routing method "
                    + "of deepseek_v2; supported: greedy, group_limited_greedy");
        }
        requireScoring(f, c, "softmax");
        int experts = f.integer("n_routed_experts", 0);
        int k = f.integer("num_experts_per_tok", 1);
        int nGroup = f.integer("n_group", 1);
        int topkGroup = f.integer("topk_group", 1);
        if (method.equals("group_limited_greedy")) {
            ArchitectureUnits.requireGroups(c.source(), experts, nGroup, topkGroup, k);
        }
        float scale = (float) f.number("routed_scaling_factor", 1.0);
        int firstDense = f.integer("first_k_dense_replace", 0);
        int freq = f.integer("moe_layer_freq", 1);
        if (freq <= 0) {
            throw new CheckpointException(c.source() + ": field moe_layer_freq must be positive, got " + freq);
        }
        Architecture.Mla mla = mla(f, c, 1.0);
        var router = new Architecture.DeepseekSoftmax(k, method.equals("group_limited_greedy"), nGroup, topkGroup, scale);
        return build(f, c, mla, router, experts,
                i -> experts > 0 && i >= firstDense && i % freq == 0, true, false,
                Architecture.ActiveCount.WITHOUT_INPUT_EMBEDDING);
    }

    static ArchitectureUnits.Specific v3(ConfigFields f, ArchitectureUnits.Common c, String type) {
        String method = f.str("topk_method", "noaux_tc");
        if (!method.equals("noaux_tc")) {
            throw new CheckpointException(c.source() + ": field topk_method '" + method + "' is not a routing method "
                    + "of deepseek_v3; supported: noaux_tc");
        }
        requireScoring(f, c, "sigmoid");
        int experts = f.integer("n_routed_experts", 256);
        int k = f.integer("num_experts_per_tok", 8);
        int nGroup = f.integer("n_group", 8);
        int topkGroup = f.integer("topk_group", 4);
        ArchitectureUnits.requireGroups(c.source(), experts, nGroup, topkGroup, k);
        if (experts / nGroup < 2) {
            throw new CheckpointException(c.source() + ": field n_group " + nGroup + " leaves fewer than 2 experts per "
                    + "group (groups are scored by their 2 best experts)");
        }
        boolean norm = f.bool("norm_topk_prob", true);
        float scale = (float) f.number("routed_scaling_factor", 2.5);
        int firstDense = f.integer("first_k_dense_replace", 3);
        // HF DeepseekV3Attention: scaling *= mscale(factor, mscale_all_dim)^2 when rope_scaling has mscale_all_dim
        double softmaxFactor = 1.0;
        if (c.ropeScaling() != null) {
            Double all = RopeScaling.optNumber(c.source(), c.ropeScaling(), "mscale_all_dim");
            if (all != null && all != 0) {
                double m = RopeScaling.mscale(RopeScaling.number(c.source(), c.ropeScaling(), "factor", null), all);
                softmaxFactor = m * m;
            }
        }
        Architecture.Mla mla = mla(f, c, softmaxFactor);
        var router = new Architecture.SigmoidGroups(k, nGroup, topkGroup, norm, scale);
        return build(f, c, mla, router, experts, i -> experts > 0 && i >= firstDense, f.bool("rope_interleave", true),
                norm, Architecture.ActiveCount.ALL);
    }

    private static void requireScoring(ConfigFields f, ArchitectureUnits.Common c, String expected) {
        String scoring = f.str("scoring_func", expected);
        if (!scoring.equals(expected)) {
            throw new CheckpointException(c.source() + ": field scoring_func '" + scoring + "' is not supported for "
                    + f.str("model_type", "") + "; supported: " + expected);
        }
    }

    private static Architecture.Mla mla(ConfigFields f, ArchitectureUnits.Common c, double softmaxFactor) {
        Integer qLora = f.has("q_lora_rank") ? f.optInteger("q_lora_rank") : Integer.valueOf(1536);
        int kvLora = f.integer("kv_lora_rank", 512);
        int nope = f.integer("qk_nope_head_dim", 128);
        int ropeDim = f.integer("qk_rope_head_dim", 64);
        int v = f.integer("v_head_dim", 128);
        if (ropeDim % 2 != 0) {
            throw new CheckpointException(c.source() + ": field qk_rope_head_dim " + ropeDim + " must be even for RoPE");
        }
        return new Architecture.Mla(c.heads(), qLora, kvLora, nope, ropeDim, v, c.attentionBias(),
                Math.pow(nope + ropeDim, -0.5) * softmaxFactor);
    }

    private static ArchitectureUnits.Specific build(ConfigFields f, ArchitectureUnits.Common c, Architecture.Mla mla,
                                                    Architecture.Router router, int experts,
                                                    java.util.function.IntPredicate moe, boolean interleaved,
                                                    boolean norm, Architecture.ActiveCount activeCount) {
        int expertSize = f.integer("moe_intermediate_size", 1407);
        int shared = f.integer("n_shared_experts", 0);
        Architecture arch = new Architecture(mla, ArchitectureUnits.rope(c, mla.qkRopeDim(), interleaved, null),
                Architecture.Norm.RMS, router,
                new Architecture.Experts(experts, expertSize,
                        new Architecture.PerExpert("gate_proj", "up_proj", "down_proj")),
                shared > 0 ? new Architecture.PlainShared(expertSize * shared) : new Architecture.NoShared(),
                Architecture.Multipliers.NONE, ArchitectureUnits.layers(c.layers(), moe, i -> null),
                new Architecture.MoeNames("mlp.", "gate.weight"), false, activeCount);
        return new ArchitectureUnits.Specific(mla.qkHeadDim(), experts, expertSize, expertSize * shared, norm, 1,
                List.of(), false, null, 0, 0.0, arch);
    }
}
