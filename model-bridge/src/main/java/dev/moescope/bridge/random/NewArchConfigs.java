package dev.moescope.bridge.random;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The config.json keys of random deepseek_v2/v3, gpt_oss, phimoe, glm4_moe and granitemoe checkpoints, shaped
 * like the published checkpoints (DeepSeek-V2-Lite, DeepSeek-V3, gpt-oss-20b, Phi-3.5-MoE, GLM-4.5-Air,
 * granite-3.1-3b-a800m), scaled down to the spec: each exercises its architecture's special parts (MLA with and
 * without q LoRA, YaRN, groups, sinks and sliding windows, MXFP4, longrope, partial RoPE and q/k norm, muP).
 */
final class NewArchConfigs {

    private NewArchConfigs() {
    }

    static void put(Map<String, Object> c, RandomModelSpec s) {
        switch (s.arch()) {
            case "deepseek_v2" -> deepseek(c, s, false);
            case "deepseek_v3" -> deepseek(c, s, true);
            case "gpt_oss" -> gptOss(c, s);
            case "phimoe" -> phimoe(c, s);
            case "glm4_moe" -> glm(c, s);
            case "granitemoe" -> granite(c, s);
            default -> throw new IllegalArgumentException(s.arch());
        }
    }

    private static Map<String, Object> yarn(double factor, Double mscale, boolean truncate) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("beta_fast", 32);
        r.put("beta_slow", 1);
        r.put("factor", factor);
        if (mscale != null) {
            r.put("mscale", mscale);
            r.put("mscale_all_dim", mscale);
        }
        r.put("original_max_position_embeddings", (int) (HfConfigFiles.MAX_POSITIONS / factor));
        r.put("type", "yarn");
        if (!truncate) {
            r.put("truncate", false);
        }
        return r;
    }

    private static void deepseek(Map<String, Object> c, RandomModelSpec s, boolean v3) {
        c.put("attention_bias", false);
        c.put("first_k_dense_replace", 1);
        c.put("kv_lora_rank", s.hiddenSize() / 2);
        c.put("moe_intermediate_size", s.moeIntermediateSize());
        c.put("moe_layer_freq", 1);
        c.put("n_routed_experts", s.numExperts());
        c.put("n_shared_experts", s.sharedExpertSize() / s.moeIntermediateSize());
        c.put("norm_topk_prob", s.normTopkProb());
        c.put("q_lora_rank", v3 ? Integer.valueOf(s.hiddenSize() / 2) : null);
        c.put("qk_nope_head_dim", s.headDim());
        c.put("qk_rope_head_dim", s.headDim() / 2);
        c.put("v_head_dim", s.headDim());
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_theta", 10000);
        c.put("rope_scaling", yarn(4, v3 ? 1.0 : 0.707, true));
        c.put("routed_scaling_factor", v3 ? 2.5 : 1.5);
        c.put("scoring_func", v3 ? "sigmoid" : "softmax");
        c.put("topk_method", v3 ? "noaux_tc" : "greedy");
        c.put("n_group", v3 ? 4 : 1);
        c.put("topk_group", v3 ? 2 : 1);
    }

    private static void gptOss(Map<String, Object> c, RandomModelSpec s) {
        c.put("attention_bias", true);
        c.put("experts_per_token", s.topK());
        c.put("head_dim", s.headDim());
        c.put("intermediate_size", s.moeIntermediateSize());
        List<String> types = new ArrayList<>();
        for (int i = 0; i < s.numLayers(); i++) {
            types.add(i % 2 == 0 ? "sliding_attention" : "full_attention");
        }
        c.put("layer_types", types);
        c.put("num_local_experts", s.numExperts());
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("modules_to_not_convert", List.of("model.layers.*.self_attn", "model.layers.*.mlp.router",
                "model.embed_tokens", "lm_head"));
        q.put("quant_method", "mxfp4");
        c.put("quantization_config", q);
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_scaling", yarn(4, null, false));
        c.put("rope_theta", 150000);
        c.put("router_aux_loss_coef", 0.9);
        c.put("sliding_window", s.hiddenSize() >= 512 ? 128 : 8);
        c.put("swiglu_limit", 7.0);
    }

    private static void phimoe(Map<String, Object> c, RandomModelSpec s) {
        int half = s.headDim() / 2;
        List<Double> shortF = new ArrayList<>();
        List<Double> longF = new ArrayList<>();
        for (int i = 0; i < half; i++) {
            shortF.add(1.0 + 0.01 * i);
            longF.add(1.0 + (double) i * i / half);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("long_factor", longF);
        r.put("long_mscale", 1.243163121016122);
        r.put("original_max_position_embeddings", HfConfigFiles.MAX_POSITIONS / 32);
        r.put("short_factor", shortF);
        r.put("short_mscale", 1.243163121016122);
        r.put("type", "longrope");
        c.put("attention_bias", true);
        c.put("intermediate_size", s.moeIntermediateSize());
        c.put("lm_head_bias", true);
        c.put("num_local_experts", s.numExperts());
        c.put("original_max_position_embeddings", HfConfigFiles.MAX_POSITIONS / 32);
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_scaling", r);
        c.put("rope_theta", 10000.0);
        c.put("router_jitter_noise", 0.01);
        c.put("sliding_window", null);
    }

    private static void glm(Map<String, Object> c, RandomModelSpec s) {
        c.put("attention_bias", true);
        c.put("first_k_dense_replace", 1);
        c.put("head_dim", s.headDim());
        c.put("moe_intermediate_size", s.moeIntermediateSize());
        c.put("n_group", 2);
        c.put("n_routed_experts", s.numExperts());
        c.put("n_shared_experts", s.sharedExpertSize() / s.moeIntermediateSize());
        c.put("norm_topk_prob", true);
        c.put("partial_rotary_factor", 0.5);
        c.put("rms_norm_eps", 1e-5);
        c.put("rope_scaling", null);
        c.put("rope_theta", 1000000);
        c.put("routed_scaling_factor", 2.5);
        c.put("topk_group", 1);
        c.put("use_qk_norm", true);
    }

    private static void granite(Map<String, Object> c, RandomModelSpec s) {
        c.put("attention_bias", false);
        c.put("attention_multiplier", 1.0 / s.headDim());
        c.put("embedding_multiplier", 12.0);
        c.put("intermediate_size", s.moeIntermediateSize());
        c.put("logits_scaling", 6.0);
        c.put("num_local_experts", s.numExperts());
        c.put("residual_multiplier", 0.22);
        c.put("rms_norm_eps", 1e-6);
        c.put("rope_scaling", null);
        c.put("rope_theta", 10000.0);
        c.put("tie_word_embeddings", true);
    }
}
