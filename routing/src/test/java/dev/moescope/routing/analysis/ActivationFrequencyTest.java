package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ActivationFrequencyTest {

    private static final double TOL = 1e-12;

    @Test
    void frequencyIsActivationsOverTokens() {
        RoutingStats stats = Fixtures.threeLanguagesOneLayer();
        // en: [8, 6, 4, 2] / 10
        assertArrayEquals(new double[] {0.8, 0.6, 0.4, 0.2}, ActivationFrequency.frequencies(stats, "en", 0), TOL);
        // de: [2, 6, 8, 4] / 10
        assertArrayEquals(new double[] {0.2, 0.6, 0.8, 0.4}, ActivationFrequency.frequencies(stats)[1][0], TOL);
        // rows of the layer matrix sum to topK = 2
        for (double[] row : ActivationFrequency.frequenciesAtLayer(stats, 0)) {
            assertEquals(2.0, row[0] + row[1] + row[2] + row[3], TOL);
        }
    }

    @Test
    void gateImportanceIsGateSumOverTokens() {
        // en at one layer: 4 tokens, gate sums [1.0, 0.6, 0.4, 0] -> [0.25, 0.15, 0.10, 0]
        RoutingStats stats = new RoutingStats(List.of("en"), new int[] {7}, 4, 1,
                new long[][] {{4}}, new long[][][] {{{2, 1, 1, 0}}},
                new double[][][] {{{1.0, 0.6, 0.4, 0}}}, new double[][] {{3.0}});
        assertArrayEquals(new double[] {0.25, 0.15, 0.10, 0}, ActivationFrequency.gateImportance(stats)[0][0], TOL);
    }

    @Test
    void languageWithoutTokensGetsZerosNotNaN() {
        RoutingStats stats = Fixtures.counts(List.of("en", "xx"), new int[] {0}, 3, 1,
                new long[][] {{3}, {0}}, new long[][][] {{{1, 1, 1}}, {{0, 0, 0}}});
        assertArrayEquals(new double[] {0, 0, 0}, ActivationFrequency.frequencies(stats, "xx", 0));
        assertArrayEquals(new double[] {0, 0, 0}, ActivationFrequency.gateImportance(stats, 1, 0));
    }
}
