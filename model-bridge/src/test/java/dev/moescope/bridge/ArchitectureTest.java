package dev.moescope.bridge;

import dev.moescope.bridge.random.RandomModelSpec;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Numeric sanity of every architecture on random tiny checkpoints. */
class ArchitectureTest {

    @TempDir
    static Path tmp;

    private static final Map<String, MoeModel> MODELS = new HashMap<>();
    private static final int[] PROMPT = {72, 101, 108, 108, 111, 44, 32, 119, 111, 114, 108, 100};

    @BeforeAll
    static void checkArchList() {
        assertEquals(ModelConfig.SUPPORTED_MODEL_TYPES.size(), RandomModelSpec.ARCHS.size());
    }

    static MoeModel model(String arch, ExpertDispatch dispatch) {
        return MODELS.computeIfAbsent(arch + dispatch, k -> MoeModel.load(
                TestCheckpoints.random(tmp, arch, SafetensorsDType.F32, 1, 7), LoadOptions.cpu().withDispatch(dispatch)));
    }

    @AfterAll
    static void close() {
        MODELS.values().forEach(MoeModel::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe", "mixtral", "qwen2_moe", "deepseek_v2", "deepseek_v3", "gpt_oss", "phimoe",
            "glm4_moe", "granitemoe"})
    void moeLayersFollowTheConfig(String arch) {
        MoeModel m = model(arch, ExpertDispatch.GROUPED);
        RandomModelSpec spec = RandomModelSpec.preset(arch, "tiny");
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < spec.numLayers(); i++) {
            if (spec.isMoeLayer(i)) {
                expected.add(i);
            }
        }
        assertEquals(expected, m.moeLayers());
        RoutingTrace trace = m.forward(PROMPT, ForwardOptions.trace()).trace();
        assertEquals(expected, trace.layers().stream().map(LayerRouting::layer).toList());
        if (arch.equals("qwen2_moe")) {
            assertEquals(List.of(1, 3), expected, "decoder_sparse_step 2 keeps layers 0 and 2 dense");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe", "mixtral", "qwen2_moe", "deepseek_v2", "deepseek_v3", "gpt_oss", "phimoe",
            "glm4_moe", "granitemoe"})
    void hfLoopAndGroupedDispatchAgree(String arch) {
        ForwardResult a = model(arch, ExpertDispatch.GROUPED).forward(PROMPT, ForwardOptions.trace());
        ForwardResult b = model(arch, ExpertDispatch.HF_LOOP).forward(PROMPT, ForwardOptions.trace());
        RoutingAssertions.assertSameRouting(b.trace(), a.trace(), 1e-5f);
        float rel = TestCheckpoints.maxAbsDiff(a.logits(), b.logits()) / TestCheckpoints.maxAbs(b.logits());
        assertTrue(rel < 1e-5, "logits differ by " + rel);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe", "mixtral", "qwen2_moe"})
    void topkWeightsAreTheSoftmaxOfTheRouterLogits(String arch) {
        MoeModel m = model(arch, ExpertDispatch.GROUPED);
        boolean renormalise = arch.equals("mixtral") || m.config().normTopkProb();
        RoutingTrace trace = m.forward(PROMPT, ForwardOptions.trace()).trace();
        for (LayerRouting l : trace.layers()) {
            for (int t = 0; t < l.tokenCount(); t++) {
                double[] p = softmax(l.routerLogits()[t]);
                double kept = 0;
                for (int e : l.topkIds()[t]) {
                    kept += p[e];
                }
                for (int s = 0; s < l.topkIds()[t].length; s++) {
                    int e = l.topkIds()[t][s];
                    double expected = renormalise ? p[e] / kept : p[e];
                    assertEquals(expected, l.topkWeights()[t][s], 1e-5, arch + " layer " + l.layer());
                    if (s > 0) {
                        assertTrue(l.topkWeights()[t][s - 1] >= l.topkWeights()[t][s], "sorted by weight");
                    }
                }
                // no unselected expert beats a selected one
                double minSelected = 1;
                for (int e : l.topkIds()[t]) {
                    minSelected = Math.min(minSelected, p[e]);
                }
                Set<Integer> sel = new TreeSet<>();
                for (int e : l.topkIds()[t]) {
                    sel.add(e);
                }
                for (int e = 0; e < p.length; e++) {
                    if (!sel.contains(e)) {
                        assertTrue(p[e] <= minSelected + 1e-7);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe", "mixtral", "qwen2_moe", "deepseek_v2", "gpt_oss", "phimoe", "granitemoe"})
    void maskingAllButKExpertsForcesThem(String arch) {
        // (deepseek_v3 / glm4_moe: masking leaves groups with fewer than 2 selectable experts, whose group score is
        // then -inf; their masking is covered by the fixtures' steered goldens)
        MoeModel m = model(arch, ExpertDispatch.GROUPED);
        int e = m.config().numExperts();
        int k = m.config().numExpertsPerTok();
        var mask = new TreeMap<Integer, java.util.SortedSet<Integer>>();
        Set<Integer> forced = Set.of(3, 5).size() == k ? Set.of(3, 5) : null;
        assertEquals(2, k, "tiny presets use top-2");
        for (int layer : m.moeLayers()) {
            TreeSet<Integer> off = new TreeSet<>();
            for (int i = 0; i < e; i++) {
                if (!forced.contains(i)) {
                    off.add(i);
                }
            }
            mask.put(layer, off);
        }
        RouterIntervention iv = new RouterIntervention(new TreeMap<>(), 0, new TreeMap<>(), mask);
        ForwardResult plain = m.forward(PROMPT, ForwardOptions.trace());
        {
            ForwardResult steered = m.forward(PROMPT, ForwardOptions.trace(), iv);
            for (LayerRouting l : steered.trace().layers()) {
                for (int t = 0; t < l.tokenCount(); t++) {
                    assertEquals(forced, Set.of(l.topkIds()[t][0], l.topkIds()[t][1]));
                }
            }
            // router logits are recorded before the intervention, so the first MoE layer's are unchanged
            assertArrayEquals(plain.trace().layers().get(0).routerLogits()[0],
                    steered.trace().layers().get(0).routerLogits()[0]);
        }
        ForwardResult again = m.forward(PROMPT, ForwardOptions.trace());
        RoutingAssertions.assertSameRouting(plain.trace(), again.trace(), 0f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe", "mixtral", "qwen2_moe", "deepseek_v2", "deepseek_v3", "gpt_oss", "phimoe",
            "glm4_moe", "granitemoe"})
    void incrementalDecodeMatchesFullForward(String arch) {
        MoeModel m = model(arch, ExpertDispatch.GROUPED);
        GenerationResult g = m.generate(PROMPT, GenerationOptions.greedy(6), TokenListener.NONE, null);
        assertEquals(6, g.tokens().length);
        int[] all = new int[PROMPT.length + g.tokens().length];
        System.arraycopy(PROMPT, 0, all, 0, PROMPT.length);
        System.arraycopy(g.tokens(), 0, all, PROMPT.length, g.tokens().length);
        ForwardResult full = m.forward(all, ForwardOptions.trace());
        // greedy tokens are the argmax of the full pass's logits at the previous position
        for (int i = 0; i < g.tokens().length; i++) {
            assertEquals(Sampler.argmax(full.logits()[PROMPT.length - 1 + i]), g.tokens()[i], "token " + i);
        }
        RoutingAssertions.assertSameRouting(full.trace(), g.trace(), 1e-4f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe", "mixtral", "qwen2_moe", "deepseek_v2", "deepseek_v3", "gpt_oss", "phimoe",
            "glm4_moe", "granitemoe"})
    void batchedForwardMatchesUnbatched(String arch) {
        MoeModel m = model(arch, ExpertDispatch.GROUPED);
        List<int[]> seqs = List.of(PROMPT, new int[] {84, 104, 101}, new int[] {33}, new int[] {1, 2, 3, 4, 5, 6, 7});
        List<ForwardResult> batch = m.forwardBatch(seqs, ForwardOptions.trace());
        for (int i = 0; i < seqs.size(); i++) {
            ForwardResult single = m.forward(seqs.get(i), ForwardOptions.trace());
            RoutingAssertions.assertSameRouting(single.trace(), batch.get(i).trace(), 1e-5f);
            assertEquals(seqs.get(i).length, batch.get(i).logits().length);
            float rel = TestCheckpoints.maxAbsDiff(single.logits(), batch.get(i).logits())
                    / TestCheckpoints.maxAbs(single.logits());
            assertTrue(rel < 1e-5, "sequence " + i + " logits differ by " + rel);
            assertArrayEquals(single.nextTokenLogProbs(), batch.get(i).nextTokenLogProbs(), 1e-4f);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "mixtral"})
    void logitsModesAndLogProbs(String arch) {
        MoeModel m = model(arch, ExpertDispatch.GROUPED);
        ForwardResult all = m.forward(PROMPT, new ForwardOptions(false, LogitsMode.ALL));
        ForwardResult last = m.forward(PROMPT, new ForwardOptions(false, LogitsMode.LAST));
        ForwardResult none = m.forward(PROMPT, new ForwardOptions(false, LogitsMode.NONE));
        assertEquals(null, all.trace());
        assertEquals(null, none.logits());
        assertEquals(1, last.logits().length);
        assertArrayEquals(all.logits()[PROMPT.length - 1], last.logits()[0], 1e-5f);
        assertEquals(PROMPT.length - 1, none.nextTokenLogProbs().length);
        for (int t = 0; t + 1 < PROMPT.length; t++) {
            double[] p = softmax(all.logits()[t]);
            assertEquals(Math.log(p[PROMPT[t + 1]]), none.nextTokenLogProbs()[t], 1e-4);
        }
        assertFalse(Float.isNaN(none.nextTokenLogProbs()[0]));
    }

    static double[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double[] p = new double[z.length];
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = Math.exp(z[i] - max);
            s += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] /= s;
        }
        return p;
    }
}
