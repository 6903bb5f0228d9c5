package dev.moescope.routing.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.CheckpointException;
import dev.moescope.bridge.ModelConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What moescope needs to know of a served model to read its routing: decoder layers, which of them are MoE,
 * experts and top-k. Read from the checkpoint's {@code config.json}. The four architectures the local bridge runs
 * (qwen3_moe, qwen2_moe, olmoe, mixtral) are read by {@link ModelConfig} itself, so a remote run and a local run
 * agree on the MoE layers; others (deepseek_v2/v3 incl. Kimi-K2, glm4_moe, gpt_oss, ...) by the usual fields:
 * experts from {@code num_experts} / {@code n_routed_experts} / {@code num_local_experts}, top-k from
 * {@code num_experts_per_tok} / {@code experts_per_token}, dense leading layers from {@code first_k_dense_replace}
 * and {@code moe_layer_freq}, Qwen's {@code decoder_sparse_step} and {@code mlp_only_layers}. A multimodal
 * config's {@code text_config} is used when present.
 *
 * @param json the config text (part of the remote model's fingerprint)
 */
public record RemoteModelConfig(String modelType, int numHiddenLayers, List<Integer> moeLayers, int numExperts,
                                int topK, String json) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RemoteModelConfig {
        moeLayers = List.copyOf(moeLayers);
    }

    /** Parses config.json text; {@code source} (a file or URL) names it in errors; a dense model is an error. */
    public static RemoteModelConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new RemoteEngineException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new RemoteEngineException(source + ": expected a JSON object (a Hugging Face config.json)");
        }
        JsonNode cfg = root.has("text_config") && !root.has("num_hidden_layers") ? root.get("text_config") : root;
        String type = cfg.path("model_type").asText(root.path("model_type").asText(""));
        if (ModelConfig.SUPPORTED_MODEL_TYPES.contains(type)) {
            try {
                ModelConfig c = ModelConfig.parse(cfg.toString(), source);
                return checked(new RemoteModelConfig(type, c.numHiddenLayers(), c.moeLayers(), c.numExperts(),
                        c.numExpertsPerTok(), text), source);
            } catch (CheckpointException e) {
                throw new RemoteEngineException(e.getMessage(), e);
            }
        }
        int layers = cfg.path("num_hidden_layers").asInt(0);
        if (layers <= 0) {
            throw new RemoteEngineException(source + ": field num_hidden_layers is missing or not positive");
        }
        int experts = firstInt(cfg, "num_experts", "n_routed_experts", "num_local_experts", "moe_num_experts");
        int topK = firstInt(cfg, "num_experts_per_tok", "experts_per_token", "moe_topk", "top_k");
        int firstDense = cfg.path("first_k_dense_replace").asInt(0);
        int freq = Math.max(1, cfg.path("moe_layer_freq").asInt(1));
        int sparseStep = Math.max(1, cfg.path("decoder_sparse_step").asInt(1));
        Set<Integer> mlpOnly = new HashSet<>();
        cfg.path("mlp_only_layers").forEach(n -> mlpOnly.add(n.asInt()));
        List<Integer> moe = new ArrayList<>();
        for (int i = 0; experts > 0 && i < layers; i++) {
            // deepseek: MoE iff i >= first_k_dense_replace and i % moe_layer_freq == 0; qwen: (i + 1) % step == 0
            if (i >= firstDense && i % freq == 0 && (i + 1) % sparseStep == 0 && !mlpOnly.contains(i)) {
                moe.add(i);
            }
        }
        return checked(new RemoteModelConfig(type.isEmpty() ? "unknown" : type, layers, moe, experts, topK, text), source);
    }

    private static RemoteModelConfig checked(RemoteModelConfig c, String source) {
        if (c.numExperts() <= 0 || c.moeLayers().isEmpty()) {
            throw new RemoteEngineException(source + ": model_type '" + c.modelType() + "' is not a Mixture-of-Experts "
                    + "model (no experts or no MoE layers in config.json): it has no routing to collect");
        }
        if (c.topK() <= 0 || c.topK() > c.numExperts()) {
            throw new RemoteEngineException(source + ": top-k (num_experts_per_tok) " + c.topK()
                    + " must be between 1 and the number of experts (" + c.numExperts() + ")");
        }
        return c;
    }

    private static int firstInt(JsonNode cfg, String... names) {
        for (String n : names) {
            if (cfg.hasNonNull(n) && cfg.get(n).canConvertToInt()) {
                return cfg.get(n).asInt();
            }
        }
        return 0;
    }
}
