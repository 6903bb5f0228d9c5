package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;

import java.util.List;

/** The weights of one decoder layer. Exactly one of {@code moe} and {@code denseMlp} is set. */
record LayerWeights(
        int index,
        NDArray inputNorm,          // [hidden]
        NDArray postAttentionNorm,  // [hidden]
        Linear q,                   // [hidden] -> [heads * headDim]
        Linear k,                   // [hidden] -> [kvHeads * headDim]
        Linear v,                   // [hidden] -> [kvHeads * headDim]
        Linear o,                   // [heads * headDim] -> [hidden]
        NDArray qNorm,              // [headDim] (qwen3_moe), [heads * headDim] (olmoe), or null
        NDArray kNorm,              // [headDim] (qwen3_moe), [kvHeads * headDim] (olmoe), or null
        MoeWeights moe,
        Mlp denseMlp) {

    /** A SwiGLU MLP: {@code down(silu(gate(x)) * up(x))}. */
    record Mlp(Linear gate, Linear up, Linear down) {
    }

    /**
     * A sparse MoE block with stacked experts. {@code gateUpT.get(e)} is expert e's fused gate/up weight
     * transposed ({@code [hidden, 2 * I]}, gate first); {@code downT.get(e)} is {@code [I, hidden]}.
     */
    record MoeWeights(
            NDArray routerT,             // [hidden, experts]
            NDArray gateUp,              // [experts, 2 * I, hidden] (owner of the views below)
            NDArray down,                // [experts, hidden, I]
            List<NDArray> gateUpT,       // experts x [hidden, 2 * I]
            List<NDArray> gateT,         // experts x [hidden, I]   (views for HF_LOOP)
            List<NDArray> upT,           // experts x [hidden, I]   (views for HF_LOOP)
            List<NDArray> downT,         // experts x [I, hidden]
            Mlp sharedExpert,            // qwen2_moe, or null
            NDArray sharedExpertGateT) { // [hidden, 1] (qwen2_moe), or null
    }
}
