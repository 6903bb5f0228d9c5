package dev.moescope.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a Hugging Face {@code config.json} for the supported MoE architectures, with the defaults
 * of the transformers v4.57 config classes (Qwen3MoeConfig, OlmoeConfig, MixtralConfig, Qwen2MoeConfig).
 *
 * @param modelType                     {@code model_type}: one of {@link #SUPPORTED_MODEL_TYPES}
 * @param intermediateSize              dense MLP width (qwen*_moe dense layers); expert width for olmoe/mixtral
 * @param headDim                       {@code head_dim}, defaulting to hidden/heads
 * @param qkvBias                       whether q/k/v projections have a bias (qwen2_moe: {@code qkv_bias},
 *                                      default true; qwen3_moe/olmoe: {@code attention_bias}; mixtral: false)
 * @param outputBias                    whether o_proj has a bias ({@code attention_bias} for qwen3_moe/olmoe)
 * @param clipQkv                       olmoe {@code clip_qkv}, or null
 * @param numExperts                    {@code num_experts} ({@code num_local_experts} for mixtral)
 * @param expertIntermediateSize        width of one expert ({@code moe_intermediate_size}, or
 *                                      {@code intermediate_size} for olmoe/mixtral)
 * @param sharedExpertIntermediateSize  qwen2_moe shared expert width; 0 when there is none
 * @param normTopkProb                  renormalise top-k weights (always true for mixtral)
 * @param slidingWindow                 the effective window (null unless enabled; qwen2/3_moe need
 *                                      {@code use_sliding_window})
 * @param ropeScaling                   raw {@code rope_scaling} object, or null
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
        String torchDtype) {

    public static final List<String> SUPPORTED_MODEL_TYPES = List.of("qwen3_moe", "olmoe", "mixtral", "qwen2_moe");
    public static final List<String> SUPPORTED_ROPE_TYPES = List.of("default", "linear");

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
        Fields f = new Fields(root, source);
        String type = f.str("model_type", null);
        if (type == null) {
            throw new CheckpointException(source + ": field model_type is missing; supported: " + SUPPORTED_MODEL_TYPES);
        }
        if (!SUPPORTED_MODEL_TYPES.contains(type)) {
            throw new CheckpointException(source + ": model_type '" + type + "' is not supported; supported: "
                    + String.join(", ", SUPPORTED_MODEL_TYPES));
        }
        Defaults d = Defaults.of(type);
        int hidden = f.integer("hidden_size", d.hidden);
        int heads = f.integer("num_attention_heads", d.heads);
        Integer kv = f.optInteger("num_key_value_heads");
        int kvHeads = kv != null ? kv : (d.kvHeads > 0 ? d.kvHeads : heads);
        Integer headDimRaw = f.optInteger("head_dim");
        int headDim = headDimRaw != null ? headDimRaw : hidden / heads;
        int layers = f.integer("num_hidden_layers", d.layers);
        int intermediate = f.integer("intermediate_size", d.intermediate);

        boolean qwen = type.equals("qwen3_moe") || type.equals("qwen2_moe");
        boolean attentionBias = f.bool("attention_bias", false);
        boolean qkvBias = switch (type) {
            case "qwen2_moe" -> f.bool("qkv_bias", true);
            case "mixtral" -> false;
            default -> attentionBias;
        };
        boolean outputBias = (type.equals("qwen3_moe") || type.equals("olmoe")) && attentionBias;

        int numExperts = type.equals("mixtral") ? f.integer("num_local_experts", 8) : f.integer("num_experts", d.experts);
        int expertSize = qwen ? f.integer("moe_intermediate_size", d.moeIntermediate) : intermediate;
        int sharedSize = type.equals("qwen2_moe") ? f.integer("shared_expert_intermediate_size", 5632) : 0;
        boolean normTopk = type.equals("mixtral") || f.bool("norm_topk_prob", false);

        boolean useSliding = type.equals("mixtral") || f.bool("use_sliding_window", false);
        Integer windowRaw = f.has("sliding_window") ? f.optInteger("sliding_window")
                : (type.equals("qwen3_moe") || type.equals("qwen2_moe") ? Integer.valueOf(4096) : null);
        // HF configs: qwen*_moe keep the window only when use_sliding_window is set; mixtral uses it as given.
        Integer window = (type.equals("olmoe") || !useSliding) ? null : windowRaw;

        Map<String, Object> ropeScaling = f.object("rope_scaling");
        if (ropeScaling != null) {
            Object rt = ropeScaling.getOrDefault("rope_type", ropeScaling.get("type"));
            String ropeType = rt == null ? "default" : rt.toString();
            if (!SUPPORTED_ROPE_TYPES.contains(ropeType)) {
                throw new CheckpointException(source + ": rope_scaling type '" + ropeType + "' is not supported; supported: "
                        + String.join(", ", SUPPORTED_ROPE_TYPES));
            }
            if (ropeType.equals("linear") && !(ropeScaling.get("factor") instanceof Number)) {
                throw new CheckpointException(source + ": rope_scaling of type linear needs a numeric factor");
            }
        }

        ModelConfig c = new ModelConfig(
                type,
                f.strings("architectures"),
                f.integer("vocab_size", d.vocab),
                hidden, intermediate, layers, heads, kvHeads, headDim,
                f.str("hidden_act", "silu"),
                f.integer("max_position_embeddings", d.maxPositions),
                f.number("rms_norm_eps", d.rmsEps),
                f.number("rope_theta", d.ropeTheta),
                ropeScaling,
                f.bool("tie_word_embeddings", false),
                attentionBias, qkvBias, outputBias,
                type.equals("olmoe") && f.has("clip_qkv") && !root.get("clip_qkv").isNull() ? f.number("clip_qkv", 0) : null,
                numExperts,
                f.integer("num_experts_per_tok", d.topK),
                expertSize, sharedSize, normTopk,
                qwen ? f.integer("decoder_sparse_step", 1) : 1,
                qwen ? f.ints("mlp_only_layers") : List.of(),
                useSliding, window,
                qwen ? f.integer("max_window_layers", 28) : 0,
                type.equals("mixtral") ? f.number("router_jitter_noise", 0.0) : 0.0,
                f.optInteger("bos_token_id"),
                f.intOrInts("eos_token_id"),
                f.optInteger("pad_token_id"),
                f.str("torch_dtype", f.str("dtype", null)));
        c.validate(source);
        return c;
    }

    /** The decoder layer indices whose MLP is a sparse MoE block, ascending. */
    public List<Integer> moeLayers() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < numHiddenLayers; i++) {
            if (isMoeLayer(i)) {
                out.add(i);
            }
        }
        return out;
    }

    /** qwen2/3_moe: sparse iff not in mlp_only_layers, experts > 0 and (i + 1) % decoder_sparse_step == 0. */
    public boolean isMoeLayer(int layer) {
        if (modelType.equals("qwen3_moe") || modelType.equals("qwen2_moe")) {
            return !mlpOnlyLayers.contains(layer) && numExperts > 0 && decoderSparseStep > 0
                    && (layer + 1) % decoderSparseStep == 0;
        }
        return true;
    }

    /** Whether q/k are RMS-normalised: per head (qwen3_moe) or over the whole projection (olmoe). */
    public boolean perHeadQkNorm() {
        return modelType.equals("qwen3_moe");
    }

    public boolean projectionQkNorm() {
        return modelType.equals("olmoe");
    }

    /** The RoPE type from rope_scaling, "default" when absent. */
    public String ropeType() {
        if (ropeScaling == null) {
            return "default";
        }
        Object rt = ropeScaling.getOrDefault("rope_type", ropeScaling.get("type"));
        return rt == null ? "default" : rt.toString();
    }

    private void validate(String source) {
        requirePositive(source, "hidden_size", hiddenSize);
        requirePositive(source, "num_hidden_layers", numHiddenLayers);
        requirePositive(source, "num_attention_heads", numAttentionHeads);
        requirePositive(source, "num_key_value_heads", numKeyValueHeads);
        requirePositive(source, "head_dim", headDim);
        requirePositive(source, "vocab_size", vocabSize);
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new CheckpointException(source + ": num_attention_heads (" + numAttentionHeads
                    + ") is not a multiple of num_key_value_heads (" + numKeyValueHeads + ")");
        }
        if (headDim % 2 != 0) {
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

    /** Defaults of the HF config classes (transformers v4.57). */
    private record Defaults(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads,
                            int maxPositions, double rmsEps, double ropeTheta, int experts, int topK,
                            int moeIntermediate) {
        static Defaults of(String type) {
            return switch (type) {
                case "qwen3_moe" -> new Defaults(151936, 2048, 6144, 24, 32, 4, 32768, 1e-6, 10000.0, 128, 8, 768);
                case "olmoe" -> new Defaults(50304, 2048, 2048, 16, 16, 0, 4096, 1e-5, 10000.0, 64, 8, 0);
                case "mixtral" -> new Defaults(32000, 4096, 14336, 32, 32, 8, 4096 * 32, 1e-5, 1e6, 8, 2, 0);
                case "qwen2_moe" -> new Defaults(151936, 2048, 5632, 24, 16, 16, 32768, 1e-6, 10000.0, 60, 4, 1408);
                default -> throw new IllegalArgumentException(type);
            };
        }
    }

    /** Typed access to config fields; wrong types give a message naming the file and the field. */
    private record Fields(JsonNode root, String source) {
        boolean has(String name) {
            return root.has(name);
        }

        private JsonNode present(String name) {
            JsonNode n = root.get(name);
            return n == null || n.isNull() ? null : n;
        }

        int integer(String name, int def) {
            Integer v = optInteger(name);
            return v == null ? def : v;
        }

        Integer optInteger(String name) {
            JsonNode n = present(name);
            if (n == null) {
                return null;
            }
            if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
                throw new CheckpointException(source + ": field " + name + " must be an integer, got " + n);
            }
            return n.asInt();
        }

        double number(String name, double def) {
            JsonNode n = present(name);
            if (n == null) {
                return def;
            }
            if (!n.isNumber()) {
                throw new CheckpointException(source + ": field " + name + " must be a number, got " + n);
            }
            return n.asDouble();
        }

        boolean bool(String name, boolean def) {
            JsonNode n = present(name);
            if (n == null) {
                return def;
            }
            if (!n.isBoolean()) {
                throw new CheckpointException(source + ": field " + name + " must be true or false, got " + n);
            }
            return n.asBoolean();
        }

        String str(String name, String def) {
            JsonNode n = present(name);
            return n == null ? def : n.asText();
        }

        List<String> strings(String name) {
            JsonNode n = present(name);
            List<String> out = new ArrayList<>();
            if (n != null && n.isArray()) {
                n.forEach(e -> out.add(e.asText()));
            }
            return List.copyOf(out);
        }

        List<Integer> ints(String name) {
            JsonNode n = present(name);
            List<Integer> out = new ArrayList<>();
            if (n == null) {
                return List.of();
            }
            if (!n.isArray()) {
                throw new CheckpointException(source + ": field " + name + " must be a list of integers, got " + n);
            }
            for (JsonNode e : n) {
                if (!e.isIntegralNumber()) {
                    throw new CheckpointException(source + ": field " + name + " must be a list of integers, got " + n);
                }
                out.add(e.asInt());
            }
            return List.copyOf(out);
        }

        List<Integer> intOrInts(String name) {
            JsonNode n = present(name);
            if (n == null) {
                return List.of();
            }
            if (n.isArray()) {
                return ints(name);
            }
            return List.of(integer(name, 0));
        }

        Map<String, Object> object(String name) {
            JsonNode n = present(name);
            if (n == null) {
                return null;
            }
            if (!n.isObject()) {
                throw new CheckpointException(source + ": field " + name + " must be an object or null, got " + n);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = JSON.convertValue(n, LinkedHashMap.class);
            return Map.copyOf(m.entrySet().stream().filter(e -> e.getValue() != null)
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        }
    }

    static final Set<String> QWEN_TYPES = Set.of("qwen3_moe", "qwen2_moe");
}
