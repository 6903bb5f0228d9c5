package dev.moescope.bridge.random;

import dev.moescope.bridge.safetensors.SafetensorsDType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * config.json and generation_config.json with every field the transformers v4.57 config class of the
 * architecture saves (Qwen3MoeConfig, OlmoeConfig, MixtralConfig, Qwen2MoeConfig; the keys of the published
 * checkpoints for the others, see {@link NewArchConfigs}), keys sorted as HF writes them.
 */
public final class HfConfigFiles {

    static final String TRANSFORMERS_VERSION = "4.57.6";
    static final int MAX_POSITIONS = 4096;

    private HfConfigFiles() {
    }

    public static String torchDtype(SafetensorsDType dtype) {
        return switch (dtype) {
            case F32 -> "float32";
            case F16 -> "float16";
            case BF16 -> "bfloat16";
            case U8 -> throw new IllegalArgumentException("U8 is not a weight dtype");
        };
    }

    /** The config.json fields for a spec; values are JSON-ready (null for JSON null). */
    public static Map<String, Object> config(RandomModelSpec s, SafetensorsDType dtype) {
        Map<String, Object> c = new TreeMap<>();
        c.put("architectures", List.of(switch (s.arch()) {
            case "qwen3_moe" -> "Qwen3MoeForCausalLM";
            case "olmoe" -> "OlmoeForCausalLM";
            case "mixtral" -> "MixtralForCausalLM";
            case "qwen2_moe" -> "Qwen2MoeForCausalLM";
            case "deepseek_v2" -> "DeepseekV2ForCausalLM";
            case "deepseek_v3" -> "DeepseekV3ForCausalLM";
            case "gpt_oss" -> "GptOssForCausalLM";
            case "phimoe" -> "PhimoeForCausalLM";
            case "glm4_moe" -> "Glm4MoeForCausalLM";
            case "granitemoe" -> "GraniteMoeForCausalLM";
            default -> throw new IllegalArgumentException(s.arch());
        }));
        c.put("model_type", s.arch());
        c.put("attention_dropout", 0.0);
        c.put("bos_token_id", ByteLevelTokenizerFiles.BOS);
        c.put("eos_token_id", ByteLevelTokenizerFiles.EOS);
        c.put("pad_token_id", ByteLevelTokenizerFiles.PAD);
        c.put("hidden_act", "silu");
        c.put("hidden_size", s.hiddenSize());
        c.put("initializer_range", 0.02);
        c.put("intermediate_size", s.intermediateSize());
        c.put("max_position_embeddings", MAX_POSITIONS);
        c.put("num_attention_heads", s.numHeads());
        c.put("num_experts_per_tok", s.topK());
        c.put("num_hidden_layers", s.numLayers());
        c.put("num_key_value_heads", s.numKvHeads());
        c.put("output_router_logits", false);
        c.put("tie_word_embeddings", false);
        c.put("torch_dtype", torchDtype(dtype));
        c.put("transformers_version", TRANSFORMERS_VERSION);
        c.put("use_cache", true);
        c.put("vocab_size", s.vocabSize());
        switch (s.arch()) {
            case "qwen3_moe" -> {
                c.put("attention_bias", false);
                c.put("decoder_sparse_step", s.decoderSparseStep());
                c.put("head_dim", s.headDim());
                c.put("mlp_only_layers", s.mlpOnlyLayers());
                c.put("moe_intermediate_size", s.moeIntermediateSize());
                c.put("norm_topk_prob", s.normTopkProb());
                c.put("num_experts", s.numExperts());
                c.put("rms_norm_eps", 1e-6);
                c.put("rope_scaling", null);
                c.put("rope_theta", 10000.0);
                c.put("router_aux_loss_coef", 0.001);
                c.put("sliding_window", null);
                c.put("use_sliding_window", false);
            }
            case "olmoe" -> {
                c.put("attention_bias", false);
                c.put("clip_qkv", null);
                c.put("norm_topk_prob", s.normTopkProb());
                c.put("num_experts", s.numExperts());
                c.put("rms_norm_eps", 1e-5);
                c.put("rope_scaling", null);
                c.put("rope_theta", 10000.0);
                c.put("router_aux_loss_coef", 0.01);
            }
            case "mixtral" -> {
                c.put("head_dim", s.headDim());
                c.put("num_local_experts", s.numExperts());
                c.put("rms_norm_eps", 1e-5);
                c.put("rope_theta", 1e6);
                c.put("router_aux_loss_coef", 0.001);
                c.put("router_jitter_noise", 0.0);
                c.put("sliding_window", null);
            }
            case "qwen2_moe" -> {
                c.put("decoder_sparse_step", s.decoderSparseStep());
                List<String> layerTypes = new ArrayList<>();
                for (int i = 0; i < s.numLayers(); i++) {
                    layerTypes.add("full_attention");
                }
                c.put("layer_types", layerTypes);
                c.put("max_window_layers", s.numLayers());
                c.put("mlp_only_layers", s.mlpOnlyLayers());
                c.put("moe_intermediate_size", s.moeIntermediateSize());
                c.put("norm_topk_prob", s.normTopkProb());
                c.put("num_experts", s.numExperts());
                c.put("qkv_bias", true);
                c.put("rms_norm_eps", 1e-6);
                c.put("rope_scaling", null);
                c.put("rope_theta", 10000.0);
                c.put("router_aux_loss_coef", 0.001);
                c.put("shared_expert_intermediate_size", s.sharedExpertSize());
                c.put("sliding_window", null);
                c.put("use_sliding_window", false);
            }
            default -> NewArchConfigs.put(c, s);
        }
        return c;
    }

    public static void write(Path dir, RandomModelSpec spec, SafetensorsDType dtype) throws IOException {
        ByteLevelTokenizerFiles.writePretty(dir.resolve("config.json"), config(spec, dtype));
        Map<String, Object> gen = new TreeMap<>();
        gen.put("_from_model_config", true);
        gen.put("bos_token_id", ByteLevelTokenizerFiles.BOS);
        gen.put("eos_token_id", ByteLevelTokenizerFiles.EOS);
        gen.put("pad_token_id", ByteLevelTokenizerFiles.PAD);
        gen.put("transformers_version", TRANSFORMERS_VERSION);
        ByteLevelTokenizerFiles.writePretty(dir.resolve("generation_config.json"), gen);
    }
}
