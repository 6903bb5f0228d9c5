package dev.moescope.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The fields of a Hugging Face {@code config.json} for the supported MoE architectures, with the defaults
 * of the transformers v4.57 config classes. What differs between architectures is read by one unit per
 * {@code model_type} ({@link ArchitectureUnits}) into {@link #architecture}; the flat fields here are the common
 * numbers the inspection, memory check and app show.
 *
 * @param modelType                     {@code model_type}: one of {@link #SUPPORTED_MODEL_TYPES}
 * @param intermediateSize              dense MLP width (qwen*_moe dense layers); expert width for olmoe/mixtral
 * @param headDim                       {@code head_dim}, defaulting to hidden/heads (MLA: qk_nope + qk_rope)
 * @param qkvBias                       whether q/k/v projections have a bias (qwen2_moe: {@code qkv_bias},
 *                                      default true; qwen3_moe/olmoe: {@code attention_bias}; mixtral: false)
 * @param outputBias                    whether o_proj has a bias ({@code attention_bias} for qwen3_moe/olmoe)
 * @param clipQkv                       olmoe {@code clip_qkv}, or null
 * @param numExperts                    routed experts ({@code num_experts}, {@code num_local_experts},
 *                                      {@code n_routed_experts})
 * @param expertIntermediateSize        width of one expert ({@code moe_intermediate_size}, or
 *                                      {@code intermediate_size} for olmoe/mixtral)
 * @param sharedExpertIntermediateSize  qwen2_moe shared expert width; 0 when there is none
 * @param normTopkProb                  renormalise top-k weights (always true for mixtral)
 * @param slidingWindow                 the effective window (null unless enabled; qwen2/3_moe need
 *                                      {@code use_sliding_window})
 * @param ropeScaling                   raw {@code rope_scaling} object, or null
 * @param architecture                  the typed description of what this architecture does
 */
public record ModelConfig(
        String modelType,
        List<String> architectures,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        String hiddenAct,
        int maxPositionEmbeddings,
        double rmsNormEps,
        double ropeTheta,
        Map<String, Object> ropeScaling,
        boolean tieWordEmbeddings,
        boolean attentionBias,
        boolean qkvBias,
        boolean outputBias,
        Double clipQkv,
        int numExperts,
        int numExpertsPerTok,
        int expertIntermediateSize,
        int sharedExpertIntermediateSize,
        boolean normTopkProb,
        int decoderSparseStep,
        List<Integer> mlpOnlyLayers,
        boolean useSlidingWindow,
        Integer slidingWindow,
        int maxWindowLayers,
        double routerJitterNoise,
        Integer bosTokenId,
        List<Integer> eosTokenIds,
        Integer padTokenId,
        String torchDtype,
        Architecture architecture) {

    public static final List<String> SUPPORTED_MODEL_TYPES = List.copyOf(ArchitectureUnits.UNITS.keySet());
    public static final List<String> SUPPORTED_ROPE_TYPES = RopeScaling.SUPPORTED;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads {@code dir/config.json}; unknown model types and RoPE types are errors naming what is supported. */
    public static ModelConfig read(Path dir) {
        Path file = dir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file + ": missing (a Hugging Face checkpoint directory needs config.json)");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        return parse(root, file.toString());
    }

    /** Parses config JSON text; {@code source} names the file in error messages. */
    public static ModelConfig parse(String json, String source) {
        try {
            return parse(JSON.readTree(json), source);
        } catch (IOException e) {
            throw new CheckpointException(source + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    static ModelConfig parse(JsonNode root, String source) {
        if (root == null || !root.isObject()) {
            throw new CheckpointException(source + ": expected a JSON object");
        }
        ConfigFields f = new ConfigFields(root, source);
        String type = f.str("model_type", null);
        if (type == null) {
            throw new CheckpointException(source + ": field model_type is missing; supported: " + SUPPORTED_MODEL_TYPES);
        }
        ArchitectureUnits.Unit unit = ArchitectureUnits.UNITS.get(type);
        if (unit == null) {
            throw new CheckpointException(source + ": model_type '" + type + "' is not supported; supported: "
                    + String.join(", ", SUPPORTED_MODEL_TYPES));
        }
        ArchitectureUnits.Defaults d = unit.defaults();
        int hidden = f.integer("hidden_size", d.hidden());
        int heads = f.integer("num_attention_heads", d.heads());
        Integer kv = f.optInteger("num_key_value_heads");
        int kvHeads = kv != null ? kv : (d.kvHeads() > 0 ? d.kvHeads() : heads);
        int layers = f.integer("num_hidden_layers", d.layers());
        int intermediate = f.integer("intermediate_size", d.intermediate());
        boolean attentionBias = f.bool("attention_bias", false);
        int maxPositions = f.integer("max_position_embeddings", d.maxPositions());
        double ropeTheta = f.number("rope_theta", d.ropeTheta());
        Map<String, Object> ropeScaling = f.object("rope_scaling");
        requirePositive(source, "hidden_size", hidden);
        requirePositive(source, "num_attention_heads", heads);
        requirePositive(source, "num_key_value_heads", kvHeads);
        requirePositive(source, "num_hidden_layers", layers);
        var common = new ArchitectureUnits.Common(source, hidden, heads, kvHeads, layers, intermediate,
                f.optInteger("head_dim"), maxPositions, ropeTheta, ropeScaling, attentionBias);
        ArchitectureUnits.Specific s = unit.read(f, common);
        Architecture arch = s.architecture();
        boolean qkvBias = arch.attention() instanceof Architecture.Gqa g ? g.qkvBias() : attentionBias;
        boolean outputBias = arch.attention() instanceof Architecture.Gqa g ? g.oBias() : attentionBias;
        Double clip = arch.attention() instanceof Architecture.Gqa g ? g.clipQkv() : null;

        ModelConfig c = new ModelConfig(
                type,
                f.strings("architectures"),
                f.integer("vocab_size", d.vocab()),
                hidden, intermediate, layers, heads, kvHeads, s.headDim(),
                f.str("hidden_act", "silu"),
                maxPositions,
                f.number("rms_norm_eps", d.rmsEps()),
                ropeTheta,
                ropeScaling,
                f.bool("tie_word_embeddings", false),
                attentionBias, qkvBias, outputBias, clip,
                s.numExperts(),
                arch.router().k(),
                s.expertIntermediate(), s.sharedIntermediate(), s.normTopkProb(),
                s.decoderSparseStep(), s.mlpOnlyLayers(),
                s.useSlidingWindow(), s.slidingWindow(), s.maxWindowLayers(), s.routerJitterNoise(),
                f.optInteger("bos_token_id"),
                f.intOrInts("eos_token_id"),
                f.optInteger("pad_token_id"),
                f.str("torch_dtype", f.str("dtype", null)),
                arch);
        c.validate(source);
        return c;
    }

    /** The decoder layer indices whose MLP is a sparse MoE block, ascending. */
    public List<Integer> moeLayers() {
        return architecture.moeLayers();
    }

    /** Whether decoder layer {@code layer} has a sparse MoE block (else a dense MLP). */
    public boolean isMoeLayer(int layer) {
        return architecture.layers().get(layer).moe();
    }

    /** Whether q/k are RMS-normalised: per head (qwen3_moe, glm4_moe with use_qk_norm) or over the whole projection (olmoe). */
    public boolean perHeadQkNorm() {
        return architecture.attention() instanceof Architecture.Gqa g && g.qkNorm() == Architecture.QkNorm.PER_HEAD;
    }

    public boolean projectionQkNorm() {
        return architecture.attention() instanceof Architecture.Gqa g
                && g.qkNorm() == Architecture.QkNorm.WHOLE_PROJECTION;
    }

    /** The RoPE type from rope_scaling, "default" when absent. */
    public String ropeType() {
        return RopeScaling.type(ropeScaling);
    }

    private void validate(String source) {
        requirePositive(source, "head_dim", headDim);
        requirePositive(source, "vocab_size", vocabSize);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new CheckpointException(source + ": num_attention_heads (" + numAttentionHeads
                    + ") is not a multiple of num_key_value_heads (" + numKeyValueHeads + ")");
        }
        if (architecture.rope().rotaryDim() % 2 != 0) {
            throw new CheckpointException(source + ": head_dim " + headDim + " must be even for RoPE");
        }
        if (!moeLayers().isEmpty()) {
            requirePositive(source, "num_experts", numExperts);
            requirePositive(source, "expert intermediate size", expertIntermediateSize);
            if (numExpertsPerTok <= 0 || numExpertsPerTok > numExperts) {
                throw new CheckpointException(source + ": num_experts_per_tok " + numExpertsPerTok
                        + " must be between 1 and the number of experts (" + numExperts + ")");
            }
        }
        if (!hiddenAct.equals("silu") && !hiddenAct.equals("swish")) {
            throw new CheckpointException(source + ": hidden_act '" + hiddenAct + "' is not supported; supported: silu");
        }
    }

    private static void requirePositive(String source, String field, int value) {
        if (value <= 0) {
            throw new CheckpointException(source + ": field " + field + " must be positive, got " + value);
        }
    }


}
