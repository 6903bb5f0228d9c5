package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The paper's steering rule ({@code get_target_shared_experts}), its aggregate mode, the all-languages variant and the
 * paper's summed-target mask, on hand-made counts where the three rules disagree.
 */
class PaperSteeringRuleTest {

    private static final double TOL = 1e-9;

    /**
     * One MoE layer, five experts, 10 tokens per language, k = 3, thr = 0.7.
     * f(en) = [.8 .6 .3 0 0] keeps e0, e1, e2; f(zh) = [0 .6 .2 .7 0] keeps e3, e1, e2;
     * f(de) = [.8 0 0 .7 .9] keeps e4, e0, e3.
     *
     * <p>Among the targets {en, zh}: e0 en 1 (dominated: out), e1 .5/.5 (in, s = .5), e2 .3/.5 = .6 and .4
     * (in, s = .6), e3 zh 1 (out), e4 no share (out).
     *
     * <p>Over all three: e0 en .5, de .5 (shared), e1 .5/.5/0 (shared), e2 .6/.4/0 (shared), e3 zh .5, de .5
     * (shared, en never uses it), e4 de 1.
     */
    private static RoutingStats stats() {
        return Fixtures.counts(List.of("en", "zh", "de"), new int[] {0}, 5, 3,
                new long[][] {{10}, {10}, {10}},
                new long[][][] {
                        {{8, 6, 3, 0, 0}},
                        {{0, 6, 2, 7, 0}},
                        {{8, 0, 0, 7, 9}}});
    }

    @Test
    void paperRuleClassifiesOverTheTargetsOnlyAndLeavesOutWhatOneTargetDominates() {
        Map<Integer, Map<Integer, Double>> s = SteeringCoefficients.paperRule(stats(), List.of("en", "zh"), new int[] {0}, 3, 0.7);
        assertEquals(List.of(1, 2), List.copyOf(s.get(0).keySet()));
        assertEquals(0.5, s.get(0).get(1), TOL);
        assertEquals(0.6, s.get(0).get(2), TOL);
        // s_e is the FIRST target's share: zh first gives zh's shares
        Map<Integer, Map<Integer, Double>> z = SteeringCoefficients.paperRule(stats(), List.of("zh", "en"), new int[] {0}, 3, 0.7);
        assertEquals(0.5, z.get(0).get(1), TOL);
        assertEquals(0.4, z.get(0).get(2), TOL);
        // a third collected language (de) does not change the paper's rule: it is not a target
        assertEquals(s, SteeringCoefficients.paperRule(stats().withLanguages(List.of("en", "zh")), List.of("en", "zh"),
                new int[] {0}, 3, 0.7));
    }

    @Test
    void paperRuleKeepsNothingForOneTargetAndRespectsTheThreshold() {
        assertTrue(SteeringCoefficients.paperRule(stats(), List.of("en"), new int[] {0}, 3, 0.7).isEmpty(),
                "one target's share is always ~1");
        // thr 0.55: e2's en share .6 is no longer below thr; e1 (.5/.5) stays
        assertEquals(List.of(1), List.copyOf(
                SteeringCoefficients.paperRule(stats(), List.of("en", "zh"), new int[] {0}, 3, 0.55).get(0).keySet()));
    }

    @Test
    void allLanguagesVariantAlsoSteersTheExpertsTheFirstTargetDominates() {
        Map<Integer, Map<Integer, Double>> s = SteeringCoefficients.allLanguagesRule(stats(), List.of("en", "zh"), new int[] {0}, 3, 0.7);
        assertEquals(List.of(0, 1, 2), List.copyOf(s.get(0).keySet()), "e0 is shared over en, zh, de; e3 unused by en");
        assertEquals(1.0, s.get(0).get(0), TOL);
        assertEquals(0.5, s.get(0).get(1), TOL);
        assertEquals(0.6, s.get(0).get(2), TOL);
    }

    @Test
    void aggregateModeKeepsExpertsWhoseSummedTargetShareReachesThr() {
        // summed en + zh shares over all languages: e0 .5, e1 1, e2 1, e3 .5, e4 0
        Map<Integer, Map<Integer, Double>> s = SteeringCoefficients.aggregateRule(stats(), List.of("en", "zh"), new int[] {0}, 3, 0.7);
        assertEquals(List.of(1, 2), List.copyOf(s.get(0).keySet()));
        assertEquals(1.0, s.get(0).get(1), TOL);
        assertEquals(1.0, s.get(0).get(2), TOL);
        // thr 0.5 (>=): e0 and e3 at .5 - 1e-10 stay out, by the +1e-10 in the denominator
        assertEquals(List.of(1, 2), List.copyOf(
                SteeringCoefficients.aggregateRule(stats(), List.of("en", "zh"), new int[] {0}, 3, 0.5).get(0).keySet()));
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(
                SteeringCoefficients.aggregateRule(stats(), List.of("en", "zh"), new int[] {0}, 3, 0.49).get(0).keySet()));
    }

    @Test
    void ruleEnumDispatchesAndParsesTheCommandLineNames() {
        RoutingStats st = stats();
        for (SteeringExpertRule r : SteeringExpertRule.values()) {
            assertEquals(r, SteeringExpertRule.parse(r.id()));
        }
        assertEquals(SteeringCoefficients.paperRule(st, List.of("en", "zh"), new int[] {0}, 3, 0.7),
                SteeringExpertRule.PAPER.coefficients(st, List.of("en", "zh"), new int[] {0}, 3, 0.7));
        assertEquals(3, SteeringExpertRule.ALL_LANGUAGES.coefficients(st, List.of("en", "zh"), new int[] {0}, 3, 0.7).get(0).size());
    }

    @Test
    void summedTargetMaskTakesTheExpertsWhoseSummedShareExceedsThr() {
        List<LayerClassification> c = ExpertClassification.classify(stats(), 3, 0.4);
        // over all: en+zh summed e0 .5, e1 1, e2 1, e3 .5, e4 0 -> > .4: e0..e3
        assertEquals(Map.of(0, List.of(0, 1, 2, 3)), MaskSelection.targetExperts(c, List.of("en", "zh"), 0.4, new int[] {0}));
        // one target = its exclusive experts (share > thr): en e0 .5, e1 .5, e2 .6
        assertEquals(MaskSelection.exclusiveExperts(c, "en", new int[] {0}),
                MaskSelection.targetExperts(c, List.of("en"), 0.4, new int[] {0}));
    }

    @Test
    void paperRangesScaleWithTheDepth() {
        assertArrayEquals(range(10, 39), PaperSettings.STEER_BAND.positions(48));
        assertArrayEquals(range(5, 19), PaperSettings.STEER_BAND.positions(24));
        assertArrayEquals(range(1, 2), PaperSettings.STEER_BAND.positions(4));
        assertArrayEquals(range(0, 4), PaperSettings.MASK_BANDS.get(0).positions(48));
        assertArrayEquals(range(22, 26), PaperSettings.MASK_BANDS.get(1).positions(48));
        assertArrayEquals(range(43, 47), PaperSettings.MASK_BANDS.get(2).positions(48));
        assertArrayEquals(range(38, 47), PaperSettings.MASK_BANDS_XQUAD.get(2).positions(48));
        // 16 layers (OLMoE): 0-4 of 48 -> 0..round(5/3)-1 = 0..1; 43-47 -> round(14.33)=14..15
        assertArrayEquals(range(0, 1), PaperSettings.MASK_BANDS.get(0).positions(16));
        assertArrayEquals(range(14, 15), PaperSettings.MASK_BANDS.get(2).positions(16));
        // decoder indices of a model whose first layer is dense
        assertArrayEquals(new int[] {2, 3}, PaperSettings.STEER_BAND.decoderLayers(new int[] {1, 2, 3, 4}));
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).toArray();
    }
}
