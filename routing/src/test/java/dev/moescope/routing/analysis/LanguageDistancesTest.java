package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanguageDistancesTest {

    private static final double TOL = 1e-12;

    /**
     * MoE layers at decoder 1 and 3, E = 4, top-2, 5 tokens each:
     * <pre>
     *        layer 1          layer 3
     *   en   [5, 5, 0, 0]     [5, 5, 0, 0]
     *   de   [5, 5, 0, 0]     [5, 0, 5, 0]
     *   zh   [0, 0, 5, 5]     [0, 0, 5, 5]
     * </pre>
     */
    private static RoutingStats stats() {
        return Fixtures.counts(List.of("en", "de", "zh"), new int[] {1, 3}, 4, 2,
                new long[][] {{5, 5}, {5, 5}, {5, 5}},
                new long[][][] {
                        {{5, 5, 0, 0}, {5, 5, 0, 0}},
                        {{5, 5, 0, 0}, {5, 0, 5, 0}},
                        {{0, 0, 5, 5}, {0, 0, 5, 5}}});
    }

    @Test
    void jensenShannonAveragedOverBand() {
        // Per-layer JSD (bits) of usage distributions:
        //   layer 1: en-de identical -> 0; en-zh and de-zh disjoint -> 1
        //   layer 3: en [.5,.5,0,0] vs de [.5,0,.5,0]: m = [.5,.25,.25,0],
        //            KL(en||m) = .5 log2(.5/.5) + .5 log2(.5/.25) = .5, KL(de||m) = .5 -> JSD .5
        //            de vs zh [0,0,.5,.5]: likewise .5; en vs zh disjoint -> 1
        // Band [1, 3] averages both layers: en-de .25, en-zh 1, de-zh .75
        DistanceMatrix d = LanguageDistances.compute(stats(), 1, 3, LanguageDistances.Measure.JENSEN_SHANNON);
        assertEquals(List.of("en", "de", "zh"), d.labels());
        assertEquals(0.25, d.get("en", "de"), TOL);
        assertEquals(1.0, d.get("en", "zh"), TOL);
        assertEquals(0.75, d.get("de", "zh"), TOL);
        assertEquals(0.75, d.get("zh", "de"), TOL);
        assertEquals(0.0, d.get("de", "de"));
        // Band [2, 3] holds only layer 3.
        DistanceMatrix late = LanguageDistances.compute(stats(), 2, 3, LanguageDistances.Measure.JENSEN_SHANNON);
        assertEquals(0.5, late.get("en", "de"), TOL);
        assertEquals(0.5, late.get("de", "zh"), TOL);
    }

    @Test
    void identicalLanguagesAreAtDistanceZero() {
        DistanceMatrix d = LanguageDistances.compute(stats(), 1, 1, LanguageDistances.Measure.JENSEN_SHANNON);
        assertEquals(0.0, d.get("en", "de"));
        assertEquals(0.0, LanguageDistances.compute(stats(), 1, 1, LanguageDistances.Measure.COSINE).get("en", "de"), TOL);
    }

    @Test
    void cosineOfConcatenatedFrequencies() {
        // f = counts / 5 over layers 1 and 3:
        //   en [1,1,0,0, 1,1,0,0]; de [1,1,0,0, 1,0,1,0]; zh [0,0,1,1, 0,0,1,1]
        //   cos(en,de) = 3 / (2 * 2) -> d = 0.25; cos(en,zh) = 0 -> 1; cos(de,zh) = 1/4 -> 0.75
        DistanceMatrix d = LanguageDistances.compute(stats(), 0, 10, LanguageDistances.Measure.COSINE);
        assertEquals(0.25, d.get("en", "de"), TOL);
        assertEquals(1.0, d.get("en", "zh"), TOL);
        assertEquals(0.75, d.get("de", "zh"), TOL);
    }

    @Test
    void cosineUsesFrequenciesNotJustSupport() {
        // One layer; en f = [1,1,0,0] (5 tokens), de counts [6,0,4,0] of 10 tokens -> f = [.6,0,.4,0]
        // cos = 0.6 / (sqrt(2) * sqrt(.36 + .16)) = 0.6 / sqrt(1.04)
        RoutingStats stats = Fixtures.counts(List.of("en", "de"), new int[] {0}, 4, 2,
                new long[][] {{5}, {10}}, new long[][][] {{{5, 5, 0, 0}}, {{6, 0, 4, 0}}});
        DistanceMatrix d = LanguageDistances.compute(stats, 0, 0, LanguageDistances.Measure.COSINE);
        assertEquals(1 - 0.6 / Math.sqrt(1.04), d.get("en", "de"), TOL);
    }

    @Test
    void languageWithoutTokensInBandIsAnError() {
        RoutingStats stats = Fixtures.counts(List.of("en", "xx"), new int[] {0}, 2, 1,
                new long[][] {{2}, {0}}, new long[][][] {{{1, 1}}, {{0, 0}}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LanguageDistances.compute(stats, 0, 0, LanguageDistances.Measure.JENSEN_SHANNON));
        assertTrue(e.getMessage().contains("'xx'") && e.getMessage().contains("decoder layer 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LanguageDistances.compute(stats(), 4, 9, LanguageDistances.Measure.COSINE));
        // tokens but no recorded activation: no usage distribution either
        RoutingStats silent = Fixtures.counts(List.of("en", "yy"), new int[] {0}, 2, 1,
                new long[][] {{2}, {2}}, new long[][][] {{{1, 1}}, {{0, 0}}});
        assertThrows(IllegalArgumentException.class, () -> LanguageDistances.compute(silent, 0, 0, LanguageDistances.Measure.COSINE));
    }

    @Test
    void distanceMatrixValidates() {
        assertThrows(IllegalArgumentException.class, () -> new DistanceMatrix(List.of("a", "b"), new double[][] {{0, 1}, {2, 0}}));
        assertThrows(IllegalArgumentException.class, () -> new DistanceMatrix(List.of("a", "b"), new double[][] {{1, 1}, {1, 0}}));
        assertThrows(IllegalArgumentException.class, () -> new DistanceMatrix(List.of("a", "a"), new double[][] {{0, 1}, {1, 0}}));
        assertThrows(IllegalArgumentException.class, () -> new DistanceMatrix(List.of("a", "b"), new double[][] {{0, -1}, {-1, 0}}));
    }
}
