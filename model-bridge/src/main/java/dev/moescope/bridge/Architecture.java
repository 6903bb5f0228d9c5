package dev.moescope.bridge;

import java.util.List;

/**
 * What one decoder architecture does differently, as typed values: the decoder ({@link Transformer},
 * {@link MoeBlock}, {@link ModelWeights}) reads only this, never the {@code model_type} string. Each supported
 * {@code model_type} maps to one small unit in {@link ArchitectureUnits} that builds it from config.json.
 *
 * @param attention   how q/k/v are made and scored
 * @param rope        rotary embedding: rotated dims, pair layout, frequencies
 * @param norm        the norm of the residual stream (input, post-attention and final norms)
 * @param router      how router logits become expert ids and weights
 * @param experts     tensor layout and activation of the routed experts
 * @param shared      experts every token passes through (none, qwen2's gated one, deepseek's plain ones)
 * @param multipliers granite's muP scalars (all 1 elsewhere)
 * @param layers      per decoder layer: MoE or dense, and its attention window
 * @param names       where the MoE block's tensors live
 * @param lmHeadBias  phimoe: {@code lm_head.bias}
 * @param activeCount which embeddings the family's published "active parameters" figure includes
 */
public record Architecture(
        Attention attention,
        RopeKind rope,
        Norm norm,
        Router router,
        Experts experts,
        SharedExperts shared,
        Multipliers multipliers,
        List<LayerKind> layers,
        MoeNames names,
        boolean lmHeadBias,
        ActiveCount activeCount) {

    /**
     * Model cards count "active parameters per token" differently: Qwen, Mixtral, OLMoE, Phi-3.5-MoE and
     * DeepSeek-V3 / Moonlight include embeddings and lm_head; DeepSeek-V2 and gpt-oss leave out the input
     * embedding (a lookup); GLM-4.5 and Granite leave out both.
     */
    public enum ActiveCount {
        ALL("embeddings and lm_head included"),
        WITHOUT_INPUT_EMBEDDING("input embedding excluded, lm_head included"),
        WITHOUT_EMBEDDINGS("embeddings and lm_head excluded");

        private final String description;

        ActiveCount(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    /** One decoder layer: a sparse MoE block or a dense MLP, and its sliding window (null: full causal). */
    public record LayerKind(boolean moe, Integer window) {
    }

    // ---- attention ----

    /** How a layer turns hidden states into attention output. */
    public sealed interface Attention permits Gqa, Mla {
        /** The softmax scale of q.k. */
        double scale();
    }

    /** Whether and where q/k are RMS-normalised. */
    public enum QkNorm { NONE, PER_HEAD, WHOLE_PROJECTION }

    /**
     * Multi/grouped-query attention with separate q/k/v/o projections.
     *
     * @param qkvBias bias on q, k and v
     * @param oBias   bias on o
     * @param clipQkv olmoe's clamp of q/k/v, or null
     * @param sinks   gpt_oss: one learned logit per head joins every softmax row, then is dropped
     */
    public record Gqa(int heads, int kvHeads, int headDim, boolean qkvBias, boolean oBias, QkNorm qkNorm,
                      Double clipQkv, boolean sinks, double scale) implements Attention {
    }

    /**
     * DeepSeek's Multi-head Latent Attention: queries through an optional low-rank {@code q_a/q_b} pair, keys
     * and values from one compressed latent {@code c_kv} plus a single rope key shared by all heads.
     *
     * @param qLoraRank null when {@code q_proj} is a plain projection
     * @param bias      {@code attention_bias}: bias on q_a_proj, kv_a_proj_with_mqa and o_proj
     */
    public record Mla(int heads, Integer qLoraRank, int kvLoraRank, int qkNopeDim, int qkRopeDim, int vHeadDim,
                      boolean bias, double scale) implements Attention {
        public int qkHeadDim() {
            return qkNopeDim + qkRopeDim;
        }
    }

    // ---- rope ----

    /**
     * Rotary embedding of the first {@code rotaryDim} dims of each q/k head.
     *
     * @param interleaved pairs (2i, 2i+1) (DeepSeek) instead of (i, i + d/2) (rotate_half)
     */
    public record RopeKind(int rotaryDim, boolean interleaved, Frequencies frequencies) {
    }

    /** Where the rotation frequencies come from. */
    public sealed interface Frequencies permits FixedFrequencies, LongRopeFrequencies {
        /** The frequencies and cos/sin factor for one forward call whose last position is {@code maxPosition}. */
        FixedFrequencies forCall(int maxPosition);
    }

    /** default / linear / YaRN: one set; {@code attentionScale} multiplies cos and sin. */
    public record FixedFrequencies(float[] invFreq /* [rotaryDim / 2] */, float attentionScale) implements Frequencies {
        @Override
        public FixedFrequencies forCall(int maxPosition) {
            return this;
        }
    }

    /**
     * longrope (phimoe): short or long factors chosen per forward call by its length, as HF does:
     * long iff {@code maxPosition + 1 > threshold}; the scale by its own threshold rule.
     */
    public record LongRopeFrequencies(FixedFrequencies shortFreqs, FixedFrequencies longFreqs, int factorThreshold,
                                      int scaleThreshold, float shortScale, float longScale) implements Frequencies {
        @Override
        public FixedFrequencies forCall(int maxPosition) {
            int seqLen = maxPosition + 1;
            float[] inv = seqLen > factorThreshold ? longFreqs.invFreq() : shortFreqs.invFreq();
            float scale = seqLen > scaleThreshold ? longScale : shortScale;
            return new FixedFrequencies(inv, scale);
        }
    }

    // ---- norms ----

    /** The residual-stream norm. */
    public enum Norm { RMS, LAYER_NORM_WITH_BIAS }

    // ---- routers ----

    /** Router logits z (after steering) -> top-k ids and the weights that multiply the expert outputs. */
    public sealed interface Router permits SoftmaxTopK, DeepseekSoftmax, SigmoidGroups, TopKThenSoftmax, SparseMixer {
        int k();
    }

    /** qwen/olmoe/mixtral: float32 softmax over all experts, top-k, optional renormalisation. */
    public record SoftmaxTopK(int k, boolean normTopkProb) implements Router {
    }

    /**
     * deepseek_v2: p = softmax(z); {@code greedy} top-k of p, or {@code group_limited_greedy}: keep the
     * {@code topkGroup} groups with the largest max p, others' p set to 0, top-k. Weights p x scale.
     */
    public record DeepseekSoftmax(int k, boolean groupLimited, int nGroup, int topkGroup, float scale) implements Router {
    }

    /**
     * deepseek_v3 / glm4_moe ({@code noaux_tc}): s = sigmoid(z); choice c = s + correction bias; groups scored by
     * the sum of their 2 best c; top-k of c in the kept groups (dropped groups filled with 0, masked experts
     * -inf); weights s (renormalised + 1e-20 when {@code normTopkProb}) x scale.
     */
    public record SigmoidGroups(int k, int nGroup, int topkGroup, boolean normTopkProb, float scale) implements Router {
    }

    /** granitemoe / gpt_oss: top-k of z, softmax over those k. {@code bias}: gpt_oss's router bias. */
    public record TopKThenSoftmax(int k, boolean bias) implements Router {
    }

    /** phimoe: sparsemixer's inference path, top-2, threshold {@code 2 * eps}. */
    public record SparseMixer(float eps) implements Router {
        @Override
        public int k() {
            return 2;
        }
    }

    // ---- experts ----

    /** Routed experts: count, width, how they are stored and their activation. */
    public record Experts(int count, int intermediate, Layout layout) {
    }

    /** How expert weights are stored in the checkpoint. */
    public sealed interface Layout permits PerExpert, FusedInputOutput, GptOssExperts {
    }

    /** One tensor per expert and projection, e.g. {@code experts.3.gate_proj.weight} or mixtral's w1/w3/w2. */
    public record PerExpert(String gate, String up, String down) implements Layout {
    }

    /** granitemoe: {@code input_linear [E, 2I, H]} (gate rows, then up rows) and {@code output_linear [E, H, I]}. */
    public record FusedInputOutput() implements Layout {
    }

    /**
     * gpt_oss: interleaved gate/up columns with biases and the clamped SwiGLU {@code (up + 1) * glu};
     * {@code mxfp4}: {@code *_blocks}/{@code *_scales} (decoded in Java), else dequantised BF16 {@code [E, in, out]}.
     */
    public record GptOssExperts(boolean mxfp4) implements Layout {
        static final float LIMIT = 7.0f;   // hard-coded in HF's GptOssExperts (swiglu_limit is not read)
        static final float ALPHA = 1.702f;
    }

    /** Experts that see every token. */
    public sealed interface SharedExperts permits NoShared, GatedShared, PlainShared {
    }

    public record NoShared() implements SharedExperts {
    }

    /** qwen2_moe: {@code shared_expert.*} scaled by {@code sigmoid(shared_expert_gate(x))}. */
    public record GatedShared(int intermediate) implements SharedExperts {
    }

    /** deepseek/glm: {@code shared_experts.*} of width {@code moe_intermediate_size x n_shared_experts}, weight 1. */
    public record PlainShared(int intermediate) implements SharedExperts {
    }

    /** granitemoe's muP scalars; {@link #NONE} elsewhere. */
    public record Multipliers(float embedding, float residual, float logitsScaling) {
        public static final Multipliers NONE = new Multipliers(1f, 1f, 1f);
    }

    /**
     * Tensor names of the MoE block under {@code model.layers.N.}: block prefix and router weight.
     *
     * @param block  e.g. {@code mlp.} or {@code block_sparse_moe.}
     * @param router e.g. {@code gate.weight}, {@code router.layer.weight}, {@code router.weight}
     */
    public record MoeNames(String block, String router) {
    }

    /** Decoder layer indices with a sparse MoE block, ascending. */
    public List<Integer> moeLayers() {
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).moe()) {
                out.add(i);
            }
        }
        return List.copyOf(out);
    }
}
