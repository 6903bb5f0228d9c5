package dev.moescope.bridge;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** gpt_oss, phimoe, glm4_moe and granitemoe (transformers v4.57.6). */
final class OtherUnits {

    private OtherUnits() {
    }

    /**
     * gpt_oss: sinks, {@code layer_types} sliding/full, q/k/v/o biases, router bias, top-k of logits then
     * softmax, interleaved clamped SwiGLU experts stored as MXFP4 blocks/scales or dequantised BF16.
     */
    static ArchitectureUnits.Specific gptOss(ConfigFields f, ArchitectureUnits.Common c, String type) {
        int experts = f.integer("num_local_experts", 128);
        int k = f.has("num_experts_per_tok") ? f.integer("num_experts_per_tok", 4) : f.integer("experts_per_token", 4);
        int headDim = c.headDim() != null ? c.headDim() : 64;
        int window = f.integer("sliding_window", 128);
        List<String> layerTypes = new ArrayList<>(f.strings("layer_types"));
        if (layerTypes.isEmpty()) {
            for (int i = 0; i < c.layers(); i++) {
                layerTypes.add((i + 1) % 2 == 1 ? "sliding_attention" : "full_attention"); // HF's default
            }
        } else if (layerTypes.size() != c.layers()) {
            throw new CheckpointException(c.source() + ": field layer_types has " + layerTypes.size()
                    + " entries but num_hidden_layers is " + c.layers());
        }
        for (String t : layerTypes) {
            if (!t.equals("sliding_attention") && !t.equals("full_attention")) {
                throw new CheckpointException(c.source() + ": field layer_types: unknown layer type '" + t
                        + "' (supported: sliding_attention, full_attention)");
            }
        }
        boolean mxfp4 = false;
        JsonNode q = f.root().get("quantization_config");
        if (q != null && !q.isNull()) {
            String method = q.path("quant_method").asText("");
            if (!method.equals("mxfp4")) {
                throw new CheckpointException(c.source() + ": field quantization_config.quant_method '" + method
                        + "' is not supported for gpt_oss; supported: mxfp4");
            }
            mxfp4 = true;
        }
        var attention = new Architecture.Gqa(c.heads(), c.kvHeads(), headDim, c.attentionBias(), c.attentionBias(),
                Architecture.QkNorm.NONE, null, true, Math.pow(headDim, -0.5));
        List<String> types = List.copyOf(layerTypes);
        Architecture arch = new Architecture(attention, ArchitectureUnits.rope(c, headDim, false, null),
                Architecture.Norm.RMS, new Architecture.TopKThenSoftmax(k, true),
                new Architecture.Experts(experts, c.intermediate(), new Architecture.GptOssExperts(mxfp4)),
                new Architecture.NoShared(), Architecture.Multipliers.NONE,
                ArchitectureUnits.layers(c.layers(), i -> true,
                        i -> types.get(i).equals("sliding_attention") ? window : null),
                new Architecture.MoeNames("mlp.", "router.weight"), false,
                Architecture.ActiveCount.WITHOUT_INPUT_EMBEDDING);
        return new ArchitectureUnits.Specific(headDim, experts, c.intermediate(), 0, false, 1, List.of(), true, window,
                0, 0.0, arch);
    }

    /** phimoe: LayerNorm with bias, attention and lm_head biases, sparsemixer top-2, longrope. */
    static ArchitectureUnits.Specific phimoe(ConfigFields f, ArchitectureUnits.Common c, String type) {
        int experts = f.integer("num_local_experts", 16);
        int k = f.integer("num_experts_per_tok", 2);
        if (k != 2) {
            throw new CheckpointException(c.source() + ": field num_experts_per_tok " + k
                    + " is not supported for phimoe: sparsemixer routing selects exactly 2 experts");
        }
        int headDim = c.defaultHeadDim();
        Integer window = f.optInteger("sliding_window");
        var attention = new Architecture.Gqa(c.heads(), c.kvHeads(), headDim, c.attentionBias(), c.attentionBias(),
                Architecture.QkNorm.NONE, null, false, Math.pow(headDim, -0.5));
        double eps = f.number("router_jitter_noise", 0.01);
        Architecture arch = new Architecture(attention,
                ArchitectureUnits.rope(c, headDim, false, f.optInteger("original_max_position_embeddings")),
                Architecture.Norm.LAYER_NORM_WITH_BIAS, new Architecture.SparseMixer((float) eps),
                new Architecture.Experts(experts, c.intermediate(), new Architecture.PerExpert("w1", "w3", "w2")),
                new Architecture.NoShared(), Architecture.Multipliers.NONE,
                ArchitectureUnits.layers(c.layers(), i -> true, i -> window),
                new Architecture.MoeNames("block_sparse_moe.", "gate.weight"), f.bool("lm_head_bias", false),
                Architecture.ActiveCount.ALL);
        return new ArchitectureUnits.Specific(headDim, experts, c.intermediate(), 0, false, 1, List.of(),
                window != null, window, 0, eps, arch);
    }

    /** glm4_moe: partial rotary, optional per-head q/k norm, q/k/v bias, deepseek_v3-style routing. */
    static ArchitectureUnits.Specific glm4Moe(ConfigFields f, ArchitectureUnits.Common c, String type) {
        int experts = f.integer("n_routed_experts", 128);
        int k = f.integer("num_experts_per_tok", 8);
        int nGroup = f.integer("n_group", 1);
        int topkGroup = f.integer("topk_group", 1);
        ArchitectureUnits.requireGroups(c.source(), experts, nGroup, topkGroup, k);
        boolean norm = f.bool("norm_topk_prob", true);
        float scale = (float) f.number("routed_scaling_factor", 1.0);
        int firstDense = f.integer("first_k_dense_replace", 1);
        int headDim = c.headDim() != null ? c.headDim() : 128;
        double partial = f.number("partial_rotary_factor", 0.5);
        int rotary = (int) (headDim * partial);
        if (rotary % 2 != 0 || rotary <= 0) {
            throw new CheckpointException(c.source() + ": field partial_rotary_factor " + partial + " gives " + rotary
                    + " rotary dims; RoPE needs a positive even number");
        }
        var attention = new Architecture.Gqa(c.heads(), c.kvHeads(), headDim, c.attentionBias(), false,
                f.bool("use_qk_norm", false) ? Architecture.QkNorm.PER_HEAD : Architecture.QkNorm.NONE, null, false,
                Math.pow(headDim, -0.5));
        int expertSize = f.integer("moe_intermediate_size", 1408);
        int shared = f.integer("n_shared_experts", 1);
        Architecture arch = new Architecture(attention, ArchitectureUnits.rope(c, rotary, false, null),
                Architecture.Norm.RMS, new Architecture.SigmoidGroups(k, nGroup, topkGroup, norm, scale),
                new Architecture.Experts(experts, expertSize,
                        new Architecture.PerExpert("gate_proj", "up_proj", "down_proj")),
                shared > 0 ? new Architecture.PlainShared(expertSize * shared) : new Architecture.NoShared(),
                Architecture.Multipliers.NONE, ArchitectureUnits.layers(c.layers(), i -> i >= firstDense, i -> null),
                new Architecture.MoeNames("mlp.", "gate.weight"), false,
                Architecture.ActiveCount.WITHOUT_EMBEDDINGS);
        return new ArchitectureUnits.Specific(headDim, experts, expertSize, expertSize * shared, norm, 1, List.of(),
                false, null, 0, 0.0, arch);
    }

    /** granitemoe: muP multipliers, fused input/output expert tensors, top-k of logits then softmax. */
    static ArchitectureUnits.Specific graniteMoe(ConfigFields f, ArchitectureUnits.Common c, String type) {
        int experts = f.integer("num_local_experts", 8);
        int k = f.integer("num_experts_per_tok", 2);
        int headDim = c.defaultHeadDim();
        var attention = new Architecture.Gqa(c.heads(), c.kvHeads(), headDim, c.attentionBias(), c.attentionBias(),
                Architecture.QkNorm.NONE, null, false, f.number("attention_multiplier", 1.0));
        var multipliers = new Architecture.Multipliers((float) f.number("embedding_multiplier", 1.0),
                (float) f.number("residual_multiplier", 1.0), (float) f.number("logits_scaling", 1.0));
        Architecture arch = new Architecture(attention, ArchitectureUnits.rope(c, headDim, false, null),
                Architecture.Norm.RMS, new Architecture.TopKThenSoftmax(k, false),
                new Architecture.Experts(experts, c.intermediate(), new Architecture.FusedInputOutput()),
                new Architecture.NoShared(), multipliers, ArchitectureUnits.layers(c.layers(), i -> true, i -> null),
                new Architecture.MoeNames("block_sparse_moe.", "router.layer.weight"), false,
                Architecture.ActiveCount.WITHOUT_EMBEDDINGS);
        return new ArchitectureUnits.Specific(headDim, experts, c.intermediate(), 0, false, 1, List.of(), false, null,
                0, 0.0, arch);
    }
}
