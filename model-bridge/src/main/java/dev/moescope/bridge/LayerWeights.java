package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;

import java.util.List;

/** The weights of one decoder layer. Exactly one of {@code moe} and {@code denseMlp} is set. */
record LayerWeights(
        int index,
        Norm inputNorm,          // [hidden]
        Norm postAttentionNorm,  // [hidden]
        AttentionWeights attention,
        MoeWeights moe,
        Mlp denseMlp) {

    /** An RMSNorm ({@code bias} null) or a LayerNorm with bias. */
    record Norm(NDArray weight /* [n] */, NDArray bias /* [n] or null */) {
    }

    /** The attention projections of one layer. */
    sealed interface AttentionWeights permits Gqa, Mla {
    }

    record Gqa(
            Linear q,          // [hidden] -> [heads * headDim]
            Linear k,          // [hidden] -> [kvHeads * headDim]
            Linear v,          // [hidden] -> [kvHeads * headDim]
            Linear o,          // [heads * headDim] -> [hidden]
            NDArray qNorm,     // [headDim] (per head), [heads * headDim] (whole projection), or null
            NDArray kNorm,     // [headDim] (per head), [kvHeads * headDim] (whole projection), or null
            NDArray sinks)     // [1, kvHeads, heads / kvHeads, 1, 1] gpt_oss, or null
            implements AttentionWeights {
    }

    /** MLA: {@code qProj} or the {@code qA -> qANorm -> qB} pair; the latent {@code kvA -> kvANorm -> kvB}. */
    record Mla(
            Linear qProj,      // [hidden] -> [heads * (nope + rope)], or null with q LoRA
            Linear qA,         // [hidden] -> [qLoraRank], or null
            NDArray qANorm,    // [qLoraRank], or null
            Linear qB,         // [qLoraRank] -> [heads * (nope + rope)], or null
            Linear kvA,        // [hidden] -> [kvLoraRank + rope]
            NDArray kvANorm,   // [kvLoraRank]
            Linear kvB,        // [kvLoraRank] -> [heads * (nope + v)]
            Linear o)          // [heads * v] -> [hidden]
            implements AttentionWeights {
    }

    /** A SwiGLU MLP: {@code down(silu(gate(x)) * up(x))}. */
    record Mlp(Linear gate, Linear up, Linear down) {
    }

    /**
     * A sparse MoE block with stacked experts. {@code gateUpT.get(e)} is expert e's fused gate/up weight
     * transposed ({@code [hidden, 2 * I]}, gate columns first); {@code downT.get(e)} is {@code [I, hidden]}.
     */
    record MoeWeights(
            NDArray routerT,             // [hidden, experts]
            NDArray routerBias,          // [experts] gpt_oss, or null
            float[] correctionBias,      // [experts] e_score_correction_bias (host, selection only), or null
            NDArray gateUp,              // [experts, 2 * I, hidden] (owner of the views below)
            NDArray down,                // [experts, hidden, I]
            List<NDArray> gateUpT,       // experts x [hidden, 2 * I]
            List<NDArray> gateT,         // experts x [hidden, I]   (views for HF_LOOP)
            List<NDArray> upT,           // experts x [hidden, I]   (views for HF_LOOP)
            List<NDArray> downT,         // experts x [I, hidden]
            List<NDArray> gateUpBias,    // experts x [2 * I] gpt_oss (gate first), or null
            List<NDArray> downBias,      // experts x [hidden] gpt_oss, or null
            Mlp sharedExpert,            // qwen2_moe / deepseek / glm, or null
            NDArray sharedExpertGateT) { // [hidden, 1] (qwen2_moe), or null
    }
}
