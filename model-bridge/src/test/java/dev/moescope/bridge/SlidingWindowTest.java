package dev.moescope.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sliding windows as HF v4.57 eager attention applies them: mixtral uses {@code sliding_window} as given;
 * qwen2_moe/qwen3_moe only with {@code use_sliding_window}, and then on every layer (the eager mask ignores
 * {@code max_window_layers}).
 */
class SlidingWindowTest {

    @TempDir
    static Path tmp;

    private static final int[] IDS = {84, 104, 101, 32, 113, 117, 105, 99, 107, 32, 98, 114};

    private static Path withWindow(String arch, int window, boolean use) throws IOException {
        Path src = TestCheckpoints.random(tmp, arch, SafetensorsDType.F32, 1, 9);
        Path dst = tmp.resolve(arch + "-window-" + window + "-" + use);
        TestCheckpoints.copyNonWeights(src, dst);
        Files.copy(src.resolve("model.safetensors"), dst.resolve("model.safetensors"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode cfg = (ObjectNode) json.readTree(dst.resolve("config.json").toFile());
        cfg.put("sliding_window", window);
        cfg.put("use_sliding_window", use);
        cfg.put("max_window_layers", 1);
        json.writeValue(dst.resolve("config.json").toFile(), cfg);
        return dst;
    }

    @ParameterizedTest
    @ValueSource(strings = {"mixtral", "qwen2_moe", "qwen3_moe"})
    void windowLimitsAttentionAndDecodeAgrees(String arch) throws IOException {
        Path plainDir = TestCheckpoints.random(tmp, arch, SafetensorsDType.F32, 1, 9);
        try (MoeModel plain = MoeModel.load(plainDir, LoadOptions.cpu());
             MoeModel windowed = MoeModel.load(withWindow(arch, 4, true), LoadOptions.cpu());
             MoeModel unused = MoeModel.load(withWindow(arch, 4, false), LoadOptions.cpu())) {
            assertEquals(4, windowed.config().slidingWindow());
            ForwardResult p = plain.forward(IDS, ForwardOptions.trace());
            ForwardResult w = windowed.forward(IDS, ForwardOptions.trace());
            // positions 0..3 see at most 4 keys: identical; later positions differ
            for (int t = 0; t < 4; t++) {
                assertArrayEquals(p.logits()[t], w.logits()[t], 1e-5f, "position " + t);
            }
            float late = 0;
            for (int t = 4; t < IDS.length; t++) {
                for (int v = 0; v < p.logits()[t].length; v++) {
                    late = Math.max(late, Math.abs(p.logits()[t][v] - w.logits()[t][v]));
                }
            }
            assertTrue(late > 1e-3, "the window changes later positions");
            // the KV-cache path applies the same window
            int[] prompt = java.util.Arrays.copyOf(IDS, 3);
            GenerationResult g = windowed.generate(prompt, GenerationOptions.greedy(6), null, null);
            int[] all = new int[prompt.length + g.tokens().length];
            System.arraycopy(prompt, 0, all, 0, prompt.length);
            System.arraycopy(g.tokens(), 0, all, prompt.length, g.tokens().length);
            RoutingAssertions.assertSameRouting(windowed.forward(all, ForwardOptions.trace()).trace(), g.trace(), 1e-4f);
            if (!arch.equals("mixtral")) {
                assertNull(unused.config().slidingWindow(), "use_sliding_window false disables the window");
                RoutingAssertions.assertSameRouting(p.trace(), unused.forward(IDS, ForwardOptions.trace()).trace(), 0f);
            }
        }
    }
}
