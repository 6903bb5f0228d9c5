package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The all-languages variant (moescope's earlier rule); the paper's rule is pinned in {@link PaperSteeringRuleTest}. */
class SteeringCoefficientsTest {

    private static final double TOL = 1e-9;

    /**
     * Three languages, four experts, k = 2, thr = 0.4, 10 tokens each.
     * Decoder layer 0: f(en) = [.8 .6 .4 .2] keeps e0, e1; f(de) = [.2 .6 .8 .4] keeps e2, e1;
     *   f(zh) = [.5 .5 .5 .5] keeps e0, e1 (tie: lower id). Over all languages:
     *   e0: en .8/1.3 = .615 > .4 -> exclusive to en; e1: .6/1.7, .6/1.7, .5/1.7 = .353 .353 .294 -> shared;
     *   e2: de only -> exclusive. So S = {e1}.
     * Decoder layer 2: every language keeps e0, e1 with f = 1 -> shares 1/3 -> S = {e0, e1}.
     */
    private static RoutingStats twoLayers() {
        return Fixtures.counts(List.of("en", "de", "zh"), new int[] {0, 2}, 4, 2,
                new long[][] {{10, 10}, {10, 10}, {10, 10}},
                new long[][][] {
                        {{8, 6, 4, 2}, {10, 10, 0, 0}},
                        {{2, 6, 8, 4}, {10, 10, 0, 0}},
                        {{5, 5, 5, 5}, {10, 10, 0, 0}}});
    }

    @Test
    void singleTargetGetsOneOnEverySharedExpertItUses() {
        // Among the targets {en} alone en's share of a kept expert is f / (f + 1e-10) ~ 1.
        Map<Integer, Map<Integer, Double>> s = SteeringCoefficients.allLanguagesRule(twoLayers(), List.of("en"), new int[] {0, 2}, 2, 0.4);
        assertEquals(List.of(0, 2), List.copyOf(s.keySet()));
        assertEquals(List.of(1), List.copyOf(s.get(0).keySet()), "e0 is exclusive to en, only e1 is shared");
        assertEquals(1.0, s.get(0).get(1), TOL);
        assertEquals(1.0, s.get(2).get(0), TOL);
        assertEquals(1.0, s.get(2).get(1), TOL);
    }

    @Test
    void twoTargetsGetFirstTargetsShareAmongTheTargets() {
        // Targets zh (T1), en at layer 0: zh keeps e0 .5, e1 .5; en keeps e0 .8, e1 .6.
        //   Shared (over all languages) is only e1: zh's share among {zh, en} = .5 / (.5 + .6) = .4545.
        // Layer 2: zh and en both keep e0, e1 with f = 1 -> zh's share = 1/2 each.
        Map<Integer, Map<Integer, Double>> s = SteeringCoefficients.allLanguagesRule(twoLayers(), List.of("zh", "en"), new int[] {0, 2}, 2, 0.4);
        assertEquals(List.of(1), List.copyOf(s.get(0).keySet()));
        assertEquals(0.5 / 1.1, s.get(0).get(1), TOL);
        assertEquals(0.5, s.get(2).get(0), TOL);
        assertEquals(0.5, s.get(2).get(1), TOL);
        // de first: de keeps e1 .6, en keeps e1 .6 -> .5
        assertEquals(0.5, SteeringCoefficients.allLanguagesRule(twoLayers(), List.of("de", "en"), new int[] {0}, 2, 0.4).get(0).get(1), TOL);
    }

    @Test
    void sharedExpertsThatTheFirstTargetDoesNotUseAreLeftOut() {
        // e3 is used by de, zh and fr (shares 1/3 each, so shared) but never by en (T1).
        RoutingStats stats = Fixtures.counts(List.of("en", "de", "zh", "fr"), new int[] {0}, 4, 2,
                new long[][] {{10}, {10}, {10}, {10}},
                new long[][][] {
                        {{8, 6, 0, 0}},
                        {{0, 6, 0, 5}},
                        {{0, 5, 0, 5}},
                        {{0, 6, 0, 5}}});
        // e1: en .6, de .6, zh .5, fr .6 (sum 2.3) -> all < .4 -> shared; e3: de, zh, fr .5 each -> 1/3 -> shared.
        // e0: en only -> exclusive. en's share among {en, de}: e1 .6/1.2 = .5; e3: 0 -> left out.
        Map<Integer, Map<Integer, Double>> s = SteeringCoefficients.allLanguagesRule(stats, List.of("en", "de"), new int[] {0}, 2, 0.4);
        assertEquals(List.of(1), List.copyOf(s.get(0).keySet()));
        assertEquals(0.5, s.get(0).get(1), TOL);
    }

    @Test
    void emptyWhenTheBandHasNoSharedExpert() {
        // Only two languages collected: with thr = .4 one of two shares is always >= .5, nothing is shared.
        RoutingStats two = twoLayers().withLanguages(List.of("en", "de"));
        assertTrue(SteeringCoefficients.allLanguagesRule(two, List.of("en"), new int[] {0, 2}, 2, 0.4).isEmpty());
    }

    @Test
    void rejectsBadTargets() {
        RoutingStats stats = twoLayers();
        assertThrows(IllegalArgumentException.class, () -> SteeringCoefficients.allLanguagesRule(stats, List.of(), new int[] {0}, 2, 0.4));
        assertThrows(IllegalArgumentException.class, () -> SteeringCoefficients.paperRule(stats, List.of("en", "en"), new int[] {0}, 2, 0.4));
        assertThrows(IllegalArgumentException.class, () -> SteeringCoefficients.paperRule(stats, List.of("en", "fr"), new int[] {0}, 2, 0.4));
        assertThrows(IllegalArgumentException.class, () -> SteeringCoefficients.aggregateRule(stats, List.of("en"), new int[] {}, 2, 0.4));
        assertThrows(IllegalArgumentException.class, () -> SteeringCoefficients.paperRule(stats, List.of("en", "de"), new int[] {1}, 2, 0.4));
    }

    @Test
    void towardOneLanguageTakesItsExclusiveExpertsWithItsShare() {
        // layer 0: e0 is exclusive to en (.8/1.3), e2 to de (.8/.8 = 1); layer 2: nothing is exclusive
        Map<Integer, Map<Integer, Double>> en = SteeringCoefficients.exclusiveRule(twoLayers(), "en", new int[] {0, 2}, 2, 0.4);
        assertEquals(Map.of(0, Map.of(0, 0.8 / 1.3)).keySet(), en.keySet());
        assertEquals(0.8 / 1.3, en.get(0).get(0), 1e-6);
        assertEquals(List.of(2), List.copyOf(SteeringCoefficients.exclusiveRule(twoLayers(), "de", new int[] {0, 2}, 2, 0.4).get(0).keySet()));
        assertTrue(SteeringCoefficients.exclusiveRule(twoLayers(), "zh", new int[] {0, 2}, 2, 0.4).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SteeringCoefficients.exclusiveRule(twoLayers(), "fr", new int[] {0}, 2, 0.4));
    }

    @Test
    void earlyAndLateBandsOfEightLayers() {
        assertEquals(List.of(1, 3, 13, 15), java.util.Arrays.stream(SteeringCoefficients.earlyAndLate(new int[] {1, 3, 5, 7, 9, 11, 13, 15}))
                .boxed().toList());
        assertEquals(List.of(0, 3), java.util.Arrays.stream(SteeringCoefficients.earlyAndLate(new int[] {0, 1, 2, 3})).boxed().toList());
    }
}
