package dev.moescope.bridge.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.bridge.CheckpointException;
import dev.moescope.bridge.ModelConfig;

/**
 * The shape of a byte-level {@code qwen3_moe} model that this package trains: every decoder layer is a sparse
 * MoE block, no biases, untied embeddings, default RoPE. Writes and reads the full HF {@code config.json}.
 *
 * @param vocabSize       embedding rows; &gt;= 259 (bytes + bos/eos/pad), padded as in real checkpoints
 * @param hidden          {@code hidden_size}
 * @param layers          {@code num_hidden_layers}, all MoE
 * @param heads           {@code num_attention_heads}
 * @param kvHeads         {@code num_key_value_heads} (GQA when &lt; heads)
 * @param headDim         {@code head_dim}
 * @param experts         {@code num_experts}
 * @param topK            {@code num_experts_per_tok}
 * @param expertSize      {@code moe_intermediate_size}
 * @param normTopkProb    renormalise the top-k routing weights to sum to 1
 * @param ropeTheta       {@code rope_theta}
 * @param rmsNormEps      {@code rms_norm_eps}
 * @param routerAuxCoef   {@code router_aux_loss_coef}, the load-balancing loss weight used in training
 * @param maxPositions    {@code max_position_embeddings}
 */
public record MoeSpec(int vocabSize, int hidden, int layers, int heads, int kvHeads, int headDim,
                      int experts, int topK, int expertSize, boolean normTopkProb, double ropeTheta,
                      double rmsNormEps, double routerAuxCoef, int maxPositions) {

    public static final int BOS = 256;
    public static final int EOS = 257;
    public static final int PAD = 258;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public MoeSpec {
        if (vocabSize < 259) {
            throw new IllegalArgumentException("vocab_size " + vocabSize + " < 259 (256 bytes + bos/eos/pad)");
        }
        if (heads % kvHeads != 0 || headDim % 2 != 0 || topK < 1 || topK > experts) {
            throw new IllegalArgumentException("inconsistent model shape: " + this);
        }
    }

    /** The demo model: 4 layers x 16 experts (top-2), hidden 128. */
    public static MoeSpec demo() {
        return new MoeSpec(320, 128, 4, 4, 2, 32, 16, 2, 128, true, 10000.0, 1e-6, 0.01, 4096);
    }

    /**
     * The v2 demo model: 8 layers x 32 experts (top-4), hidden 256, expert width 40, 4/2 heads of 64, a subword
     * vocabulary of {@code vocabSize} rows and a context of {@code context} tokens, the length it is trained on.
     * With 4,096 rows: 11,605,248 parameters, 23.2 MB in bf16.
     */
    public static MoeSpec v2(int vocabSize, int context) {
        return new MoeSpec(vocabSize, 256, 8, 4, 2, 64, 32, 4, 40, true, 10000.0, 1e-6, 0.01, context);
    }

    /** A tiny shape for tests. */
    public static MoeSpec tiny() {
        return new MoeSpec(264, 32, 2, 2, 1, 16, 4, 2, 32, true, 10000.0, 1e-6, 0.01, 512);
    }

    /** The same model with another vocabulary size and context (e.g. a tiny smoke run on a subword vocabulary). */
    public MoeSpec withVocabAndContext(int vocab, int context) {
        return new MoeSpec(vocab, hidden, layers, heads, kvHeads, headDim, experts, topK, expertSize,
                normTopkProb, ropeTheta, rmsNormEps, routerAuxCoef, context);
    }

    /** The same model with a different load-balancing coefficient. */
    public MoeSpec withRouterAuxCoef(double coef) {
        return new MoeSpec(vocabSize, hidden, layers, heads, kvHeads, headDim, experts, topK, expertSize,
                normTopkProb, ropeTheta, rmsNormEps, coef, maxPositions);
    }

    /** Reads the shape back from a parsed config; rejects what this package does not model. */
    public static MoeSpec from(ModelConfig c, String source) {
        if (!c.modelType().equals("qwen3_moe")) {
            throw new CheckpointException(source + ": model_type '" + c.modelType() + "', expected qwen3_moe");
        }
        if (c.moeLayers().size() != c.numHiddenLayers() || c.attentionBias() || c.tieWordEmbeddings()
                || !c.ropeType().equals("default") || c.useSlidingWindow()) {
            throw new CheckpointException(source + ": only all-MoE qwen3_moe without biases, tied embeddings,"
                    + " RoPE scaling or sliding window is supported for training");
        }
        return new MoeSpec(c.vocabSize(), c.hiddenSize(), c.numHiddenLayers(), c.numAttentionHeads(),
                c.numKeyValueHeads(), c.headDim(), c.numExperts(), c.numExpertsPerTok(), c.expertIntermediateSize(),
                c.normTopkProb(), c.ropeTheta(), c.rmsNormEps(), 0.001, c.maxPositionEmbeddings());
    }

    /** Parameters in the model (all tensors of the checkpoint). */
    public long parameterCount() {
        long attention = (long) hidden * headDim * (2L * heads + 2L * kvHeads) + 2L * headDim;
        long moe = (long) experts * hidden + (long) experts * 3 * hidden * expertSize;
        long perLayer = attention + moe + 2L * hidden;
        return layers * perLayer + 2L * vocabSize * hidden + hidden;
    }

    /** {@code config.json} with every field of transformers' Qwen3MoeConfig (v4.57). */
    public String configJson(String dtype) {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("architectures").add("Qwen3MoeForCausalLM");
        n.put("attention_bias", false);
        n.put("attention_dropout", 0.0);
        n.put("bos_token_id", BOS);
        n.put("decoder_sparse_step", 1);
        n.put("eos_token_id", EOS);
        n.put("head_dim", headDim);
        n.put("hidden_act", "silu");
        n.put("hidden_size", hidden);
        n.put("initializer_range", MoeWeights.INIT_STD);
        n.put("intermediate_size", 3 * hidden);
        n.put("max_position_embeddings", maxPositions);
        n.putArray("mlp_only_layers");
        n.put("model_type", "qwen3_moe");
        n.put("moe_intermediate_size", expertSize);
        n.put("norm_topk_prob", normTopkProb);
        n.put("num_attention_heads", heads);
        n.put("num_experts", experts);
        n.put("num_experts_per_tok", topK);
        n.put("num_hidden_layers", layers);
        n.put("num_key_value_heads", kvHeads);
        n.put("output_router_logits", false);
        n.put("pad_token_id", PAD);
        n.put("rms_norm_eps", rmsNormEps);
        n.putNull("rope_scaling");
        n.put("rope_theta", ropeTheta);
        n.put("router_aux_loss_coef", routerAuxCoef);
        n.putNull("sliding_window");
        n.put("tie_word_embeddings", false);
        n.put("torch_dtype", dtype);
        n.put("transformers_version", "4.57.6");
        n.put("use_cache", true);
        n.put("use_sliding_window", false);
        n.put("vocab_size", vocabSize);
        return n.toPrettyString() + "\n";
    }

    /** {@code generation_config.json}. */
    public static String generationConfigJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("_from_model_config", true);
        n.put("bos_token_id", BOS);
        // training streams separate segments with <|bos|> and hold no <|eos|>: the model ends a text by starting
        // the next one, so generation stops at either (HF accepts a list of eos ids)
        n.putArray("eos_token_id").add(EOS).add(BOS);
        n.put("pad_token_id", PAD);
        n.put("transformers_version", "4.57.6");
        return n.toPrettyString() + "\n";
    }
}
