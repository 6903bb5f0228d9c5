package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerwiseProfileTest {

    private static final double TOL = 1e-12;

    /**
     * Decoder layer 0:              Decoder layer 4 (the classification fixture):
     *   en 10 tokens [5, 5, 5, 5]     en [8, 6, 4, 2]
     *   de 10 tokens [10, 10, 0, 0]   de [2, 6, 8, 4]
     *   zh  0 tokens                  zh [5, 5, 5, 5]       (10 tokens each)
     * softmax entropy sums at layer 0: en 25.0, de 12.0, zh 0.
     */
    private static RoutingStats stats() {
        return new RoutingStats(List.of("en", "de", "zh"), new int[] {0, 4}, 4, 2,
                new long[][] {{10, 10}, {10, 10}, {0, 10}},
                new long[][][] {
                        {{5, 5, 5, 5}, {8, 6, 4, 2}},
                        {{10, 10, 0, 0}, {2, 6, 8, 4}},
                        {{0, 0, 0, 0}, {5, 5, 5, 5}}},
                new double[3][2][4],
                new double[][] {{25.0, 30.0}, {12.0, 20.0}, {0, 10.0}});
    }

    @Test
    void entropiesPerLanguage() {
        LayerProfile layer0 = LayerwiseProfile.of(stats(), "en", 2, 0.4).layers().get(0);
        assertEquals(0, layer0.decoderLayer());
        assertArrayEquals(new long[] {10, 10, 0}, layer0.tokens());
        // mean router entropy = sum / tokens: 25/10, 12/10, no tokens -> 0
        assertArrayEquals(new double[] {2.5, 1.2, 0}, layer0.meanRouterEntropy(), TOL);
        // usage: en uniform over 4 -> ln 4; de [1/2, 1/2, 0, 0] -> ln 2; zh none -> 0
        assertArrayEquals(new double[] {Math.log(4), Math.log(2), 0}, layer0.usageEntropy(), TOL);
    }

    @Test
    void divergenceToReferenceInBits() {
        LayerwiseProfile profile = LayerwiseProfile.of(stats(), "en", 2, 0.4);
        double[] jsd = profile.layers().get(0).jsdToReference();
        assertEquals(0, jsd[0]);
        // JSD([1/2,1/2,0,0], uniform) worked out in DistributionsTest: 0.5 log2(4/3) + 0.25 log2(2/3) + 0.25
        double log2of4over3 = Math.log(4.0 / 3) / Math.log(2);
        double log2of2over3 = Math.log(2.0 / 3) / Math.log(2);
        assertEquals(0.5 * log2of4over3 + 0.25 * log2of2over3 + 0.25, jsd[1], TOL);
        // zh has no tokens at layer 0: undefined
        assertTrue(Double.isNaN(jsd[2]));
        // ... but it is defined at layer 4
        assertTrue(profile.jsdSeries("zh")[1] > 0);
        assertEquals(2, profile.jsdSeries("de").length);
    }

    @Test
    void exclusiveAndSharedCounts() {
        LayerwiseProfile profile = LayerwiseProfile.of(stats(), "en", 2, 0.4);
        // Layer 0, k = 2: en keeps e0, e1 (tie, lower ids) at 0.5; de keeps e0, e1 at 1.0; zh keeps
        // zeros. e0: en 0.5/1.5 = 1/3, de 2/3 -> de; same for e1. Nothing shared.
        LayerProfile layer0 = profile.layers().get(0);
        assertArrayEquals(new int[] {0, 2, 0}, layer0.exclusiveCount());
        assertEquals(0, layer0.sharedCount());
        // Layer 4 is the classification fixture: en {e0}, de {e2}, zh {}, shared {e1}.
        assertArrayEquals(new int[] {0, 1}, profile.exclusiveCountSeries("en"));
        assertArrayEquals(new int[] {0, 1}, profile.sharedCountSeries());
        assertArrayEquals(new int[] {0, 4}, profile.decoderLayers());
    }

    @Test
    void exclusiveExpertsKeepLanguageOrder() {
        LayerClassification layer = ExpertClassification.classify(stats(), 2, 0.4).get(1);
        assertEquals(List.of("en", "de", "zh"), List.copyOf(layer.exclusiveExperts().keySet()));
    }

    @Test
    void referenceMustBeKnown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerwiseProfile.of(stats(), "fr", 2, 0.4));
        assertTrue(e.getMessage().contains("'fr'"), e.getMessage());
        assertEquals("en", LayerwiseProfile.of(stats()).referenceLanguage());
    }
}
