package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContrastiveExpertsTest {

    private static final double TOL = 1e-12;

    /**
     * MoE layers at decoder 1 and 5, E = 4, top-2:
     * <pre>
     *                  layer 1                      layer 5
     *   en (10 tok)    [8, 6, 4, 2]                 [10, 10, 0, 0]
     *   de (10 tok)    [2, 6, 8, 4]                 [0, 10, 10, 0]
     *   zh (30 tok)    [15, 15, 15, 15]             [0, 0, 30, 30]
     * </pre>
     */
    private static RoutingStats stats() {
        return Fixtures.counts(List.of("en", "de", "zh"), new int[] {1, 5}, 4, 2,
                new long[][] {{10, 10}, {10, 10}, {30, 30}},
                new long[][][] {
                        {{8, 6, 4, 2}, {10, 10, 0, 0}},
                        {{2, 6, 8, 4}, {0, 10, 10, 0}},
                        {{15, 15, 15, 15}, {0, 0, 30, 30}}});
    }

    @Test
    void groupFrequencyPoolsTokens() {
        // B = {de, zh} at layer 1: [2+15, 6+15, 8+15, 4+15] / (10+30) = [.425, .525, .575, .475]
        // (the mean of the two frequency vectors would be [.35, .55, .65, .45])
        assertArrayEquals(new double[] {0.425, 0.525, 0.575, 0.475},
                ContrastiveExperts.pooledFrequencies(stats(), List.of("de", "zh"), 0), TOL);
    }

    @Test
    void riskDifferencePerLayer() {
        // layer 1: en [.8,.6,.4,.2] - B [.425,.525,.575,.475] = [.375, .075, -.175, -.275]
        Map<Integer, List<ExpertContrast>> top = ContrastiveExperts.topPerLayer(stats(), List.of("en"), List.of("de", "zh"), 2);
        assertEquals(List.of(1, 5), List.copyOf(top.keySet()));
        List<ExpertContrast> layer1 = top.get(1);
        assertEquals(2, layer1.size());
        assertEquals(0, layer1.get(0).expert());
        assertEquals(0.375, layer1.get(0).riskDifference(), TOL);
        assertEquals(0.8, layer1.get(0).frequencyA(), TOL);
        assertEquals(0.425, layer1.get(0).frequencyB(), TOL);
        assertEquals(1, layer1.get(1).expert());
        assertEquals(0.075, layer1.get(1).riskDifference(), TOL);
        // layer 5: en [1,1,0,0] - B [0, 10, 40, 30]/40 = [1, .75, -1, -.75]
        assertEquals(List.of(0, 1), top.get(5).stream().map(ExpertContrast::expert).toList());
    }

    @Test
    void overallRankingAcrossLayers() {
        // all contrasts: L5 e0 1.0, L5 e1 .75, L1 e0 .375, L1 e1 .075, ...
        List<ExpertContrast> top = ContrastiveExperts.topOverall(stats(), List.of("en"), List.of("de", "zh"), 3);
        assertEquals(List.of(
                new ExpertContrast(5, 0, 1.0, 0.0, 1.0),
                new ExpertContrast(5, 1, 1.0, 0.25, 0.75),
                new ExpertContrast(1, 0, 0.8, 0.425, 0.8 - 0.425)), top);
    }

    @Test
    void tiesGoToLowerLayerThenLowerExpert() {
        // en vs de at a layer where both use the same experts equally: every difference is 0
        RoutingStats same = Fixtures.counts(List.of("en", "de"), new int[] {2, 3}, 3, 1,
                new long[][] {{3, 3}, {3, 3}}, new long[][][] {{{1, 1, 1}, {1, 1, 1}}, {{1, 1, 1}, {1, 1, 1}}});
        List<ExpertContrast> top = ContrastiveExperts.topOverall(same, List.of("en"), List.of("de"), 4);
        assertEquals(List.of(2, 2, 2, 3), top.stream().map(ExpertContrast::decoderLayer).toList());
        assertEquals(List.of(0, 1, 2, 0), top.stream().map(ExpertContrast::expert).toList());
    }

    @Test
    void rejectsBadGroups() {
        RoutingStats stats = stats();
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> ContrastiveExperts.all(stats, List.of("en", "de"), List.of("de")));
        assertTrue(both.getMessage().contains("'de'"), both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ContrastiveExperts.all(stats, List.of(), List.of("de")));
        assertThrows(IllegalArgumentException.class, () -> ContrastiveExperts.all(stats, List.of("fr"), List.of("de")));
        assertThrows(IllegalArgumentException.class, () -> ContrastiveExperts.topOverall(stats, List.of("en"), List.of("de"), 0));
    }
}
