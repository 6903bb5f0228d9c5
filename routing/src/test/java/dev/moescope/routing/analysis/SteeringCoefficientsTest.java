package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SteeringCoefficientsTest {

    private static final double TOL = 1e-9;

    /** Fixture layer at decoder 0, plus decoder layer 2 where every language uses e0, e1 alike. */
    private static RoutingStats twoLayers() {
        return Fixtures.counts(List.of("en", "de", "zh"), new int[] {0, 2}, 4, 2,
                new long[][] {{10, 10}, {10, 10}, {10, 10}},
                new long[][][] {
                        {{8, 6, 4, 2}, {10, 10, 0, 0}},
                        {{2, 6, 8, 4}, {10, 10, 0, 0}},
                        {{5, 5, 5, 5}, {10, 10, 0, 0}}});
    }

    @Test
    void threeTargetsGetFirstTargetsShareOfSharedExperts() {
        // Targets de (T1), en, zh; k = 2, thr = 0.4.
        // Layer 0 (see ExpertClassificationTest): shared = [e1]; de's share = 0.6 / 1.7.
        // Layer 2: f = [1, 1, 0, 0] for all; shares of e0 and e1 = 1/3 each -> shared, s = 1/3.
        Map<Integer, Map<Integer, Double>> s = SteeringCoefficients.sharedRule(twoLayers(), List.of("de", "en", "zh"), new int[] {0, 2}, 2, 0.4);
        assertEquals(List.of(0, 2), List.copyOf(s.keySet()));
        assertEquals(1, s.get(0).size());
        assertEquals(0.6 / 1.7, s.get(0).get(1), TOL);
        assertEquals(1.0 / 3, s.get(2).get(0), TOL);
        assertEquals(1.0 / 3, s.get(2).get(1), TOL);
    }

    @Test
    void onlyTargetLanguagesAreClassified() {
        // Targets en (T1), zh with thr = 0.6 (two targets need thr >= 1/2), k = 2, layer 0 only:
        //   en keeps [0.8, 0.6, 0, 0]; zh keeps [0.5, 0.5, 0, 0]; de is ignored.
        //   e0: en 0.8/1.3 = 0.615 > 0.6 -> exclusive to en, not shared
        //   e1: en 0.6/1.1 = 0.545, zh 0.5/1.1 = 0.455, both < 0.6 -> shared, s = en's share
        Map<Integer, Map<Integer, Double>> s = SteeringCoefficients.sharedRule(twoLayers(), List.of("en", "zh"), new int[] {0}, 2, 0.6);
        assertEquals(List.of(0), List.copyOf(s.keySet()));
        assertEquals(List.of(1), List.copyOf(s.get(0).keySet()));
        assertEquals(0.6 / 1.1, s.get(0).get(1), TOL);
        // Swapping T1 gives zh's share.
        assertEquals(0.5 / 1.1, SteeringCoefficients.sharedRule(twoLayers(), List.of("zh", "en"), new int[] {0}, 2, 0.6).get(0).get(1), TOL);
    }

    @Test
    void layersWithoutSharedExpertsAreLeftOut() {
        // Layer 0 as in the fixture; at decoder layer 2 the languages use disjoint pairs:
        //   en keeps e0, e1; de keeps e2, e3; zh keeps e0, e2 (all f = 1)
        //   e0: en 1/2, zh 1/2 -> exclusive to both; e1: en ~1; e2: de 1/2, zh 1/2; e3: de ~1
        // so layer 2 has no shared expert and is omitted.
        RoutingStats stats = Fixtures.counts(List.of("en", "de", "zh"), new int[] {0, 2}, 4, 2,
                new long[][] {{10, 10}, {10, 10}, {10, 10}},
                new long[][][] {
                        {{8, 6, 4, 2}, {10, 10, 0, 0}},
                        {{2, 6, 8, 4}, {0, 0, 10, 10}},
                        {{5, 5, 5, 5}, {10, 0, 10, 0}}});
        Map<Integer, Map<Integer, Double>> s = SteeringCoefficients.sharedRule(stats, List.of("en", "de", "zh"), new int[] {0, 2}, 2, 0.4);
        assertEquals(List.of(0), List.copyOf(s.keySet()));
        assertEquals(0.6 / 1.7, s.get(0).get(1), TOL);
        // thr = 0.34: at layer 0, e1's largest share 0.353 is no longer below thr -> empty result.
        Map<Integer, Map<Integer, Double>> none = SteeringCoefficients.sharedRule(stats, List.of("en", "de", "zh"), new int[] {0, 2}, 2, 0.34);
        assertTrue(none.isEmpty(), none.toString());
    }

    @Test
    void rejectsTargetSetsThatCannotHaveSharedExperts() {
        RoutingStats stats = twoLayers();
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> SteeringCoefficients.sharedRule(stats, List.of("en"), new int[] {0}));
        assertTrue(one.getMessage().contains("at least two"), one.getMessage());
        // Two targets with the default thr = 0.4: shares sum to 1, so one is >= 0.5 > 0.4.
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> SteeringCoefficients.sharedRule(stats, List.of("en", "de"), new int[] {0}));
        assertTrue(two.getMessage().contains("threshold >= 0.5"), two.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SteeringCoefficients.sharedRule(stats, List.of("en", "en", "de"), new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> SteeringCoefficients.sharedRule(stats, List.of("en", "de", "fr"), new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> SteeringCoefficients.sharedRule(stats, List.of("en", "de", "zh"), new int[] {1}));
    }
}
