package dev.moescope.bridge.random;

import java.util.List;
import java.util.Locale;

/**
 * The shape of a random checkpoint: architecture and dimensions. Presets: {@code tiny} (test-sized, hidden 64,
 * 8 experts, top-2; qwen3_moe/qwen2_moe include a dense layer) and {@code bench} (hidden 512, 8 layers, 64
 * experts, top-8).
 *
 * @param intermediateSize       dense MLP width (qwen*_moe dense layers); the expert width for olmoe/mixtral
 * @param moeIntermediateSize    expert width (qwen*_moe); equal to intermediateSize for olmoe/mixtral
 * @param sharedExpertSize       shared expert width (qwen2_moe; deepseek/glm: moe width x n_shared_experts), 0 otherwise
 * @param decoderSparseStep      qwen*_moe: layer i is sparse iff (i + 1) % step == 0 (and not in mlpOnlyLayers)
 */
public record RandomModelSpec(
        String arch,
        int vocabSize,
        int hiddenSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        int numExperts,
        int topK,
        int intermediateSize,
        int moeIntermediateSize,
        int sharedExpertSize,
        int decoderSparseStep,
        List<Integer> mlpOnlyLayers,
        boolean normTopkProb) {

    public static final List<String> ARCHS = List.of("qwen3_moe", "olmoe", "mixtral", "qwen2_moe", "deepseek_v2",
            "deepseek_v3", "gpt_oss", "phimoe", "glm4_moe", "granitemoe");
    public static final List<String> PRESETS = List.of("tiny", "bench");

    public RandomModelSpec {
        mlpOnlyLayers = List.copyOf(mlpOnlyLayers);
    }

    public static RandomModelSpec preset(String arch, String preset) {
        String a = arch.toLowerCase(Locale.ROOT);
        if (!ARCHS.contains(a)) {
            throw new IllegalArgumentException("unknown architecture '" + arch + "' (supported: " + String.join(", ", ARCHS) + ")");
        }
        return switch (preset.toLowerCase(Locale.ROOT)) {
            case "tiny" -> tiny(a);
            case "bench" -> bench(a);
            default -> throw new IllegalArgumentException("unknown preset '" + preset + "' (supported: tiny, bench)");
        };
    }

    private static RandomModelSpec tiny(String arch) {
        return switch (arch) {
            // 3 layers, layer 1 dense via mlp_only_layers; head_dim 24 != 64 / 4 on purpose
            case "qwen3_moe" -> new RandomModelSpec(arch, 320, 64, 3, 4, 2, 24, 8, 2, 96, 32, 0, 1, List.of(1), true);
            case "olmoe" -> new RandomModelSpec(arch, 320, 64, 2, 4, 4, 16, 8, 2, 32, 32, 0, 1, List.of(), false);
            case "mixtral" -> new RandomModelSpec(arch, 320, 64, 2, 4, 2, 16, 8, 2, 32, 32, 0, 1, List.of(), true);
            // 4 layers with decoder_sparse_step 2: layers 1 and 3 sparse, 0 and 2 dense
            case "qwen2_moe" -> new RandomModelSpec(arch, 320, 64, 4, 4, 2, 16, 8, 2, 96, 32, 64, 2, List.of(), false);
            // layer 0 dense (first_k_dense_replace 1); MLA with qk_nope = v = head_dim, qk_rope = head_dim / 2
            case "deepseek_v2" -> new RandomModelSpec(arch, 320, 64, 3, 4, 4, 16, 8, 2, 96, 32, 64, 1, List.of(), false);
            case "deepseek_v3" -> new RandomModelSpec(arch, 320, 64, 3, 4, 4, 16, 8, 2, 96, 32, 32, 1, List.of(), true);
            case "gpt_oss" -> new RandomModelSpec(arch, 320, 64, 3, 4, 2, 16, 8, 2, 32, 32, 0, 1, List.of(), false);
            case "phimoe" -> new RandomModelSpec(arch, 320, 64, 2, 4, 2, 16, 8, 2, 32, 32, 0, 1, List.of(), false);
            case "glm4_moe" -> new RandomModelSpec(arch, 320, 64, 3, 4, 2, 32, 8, 2, 96, 32, 32, 1, List.of(), true);
            case "granitemoe" -> new RandomModelSpec(arch, 320, 64, 2, 4, 2, 16, 8, 2, 32, 32, 0, 1, List.of(), false);
            default -> throw new IllegalArgumentException(arch);
        };
    }

    private static RandomModelSpec bench(String arch) {
        return switch (arch) {
            case "qwen3_moe" -> new RandomModelSpec(arch, 4096, 512, 8, 8, 4, 64, 64, 8, 1024, 256, 0, 1, List.of(), true);
            case "olmoe" -> new RandomModelSpec(arch, 4096, 512, 8, 8, 8, 64, 64, 8, 256, 256, 0, 1, List.of(), false);
            case "mixtral" -> new RandomModelSpec(arch, 4096, 512, 8, 8, 4, 64, 64, 8, 256, 256, 0, 1, List.of(), true);
            case "qwen2_moe" -> new RandomModelSpec(arch, 4096, 512, 8, 8, 4, 64, 64, 8, 1024, 256, 1024, 1, List.of(), false);
            case "deepseek_v2" -> new RandomModelSpec(arch, 4096, 512, 8, 8, 8, 64, 64, 8, 1024, 256, 512, 1, List.of(), false);
            case "deepseek_v3" -> new RandomModelSpec(arch, 4096, 512, 8, 8, 8, 64, 64, 8, 1024, 256, 256, 1, List.of(), true);
            case "gpt_oss" -> new RandomModelSpec(arch, 4096, 512, 8, 8, 4, 64, 64, 8, 256, 256, 0, 1, List.of(), false);
            // sparsemixer selects exactly 2: Phi-3.5-MoE's 16 experts, top-2
            case "phimoe" -> new RandomModelSpec(arch, 4096, 512, 8, 8, 4, 64, 16, 2, 1024, 1024, 0, 1, List.of(), false);
            case "glm4_moe" -> new RandomModelSpec(arch, 4096, 512, 8, 8, 4, 64, 64, 8, 1024, 256, 256, 1, List.of(), true);
            case "granitemoe" -> new RandomModelSpec(arch, 4096, 512, 8, 8, 4, 64, 64, 8, 256, 256, 0, 1, List.of(), false);
            default -> throw new IllegalArgumentException(arch);
        };
    }

    /** Same rule as the HF modeling code (and ModelConfig.isMoeLayer). */
    public boolean isMoeLayer(int layer) {
        if (arch.equals("qwen3_moe") || arch.equals("qwen2_moe")) {
            return !mlpOnlyLayers.contains(layer) && (layer + 1) % decoderSparseStep == 0;
        }
        if (firstDenseLayers()) {
            return layer >= 1; // first_k_dense_replace 1
        }
        return true;
    }

    /** deepseek_v2/v3 and glm4_moe random checkpoints: layer 0 is dense. */
    public boolean firstDenseLayers() {
        return arch.equals("deepseek_v2") || arch.equals("deepseek_v3") || arch.equals("glm4_moe");
    }

    public boolean qwen() {
        return arch.equals("qwen3_moe") || arch.equals("qwen2_moe");
    }
}
