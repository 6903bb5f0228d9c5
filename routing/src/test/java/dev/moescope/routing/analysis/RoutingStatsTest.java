package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingStatsTest {

    private static RoutingStats twoLayers() {
        // en, de; MoE layers at decoder 1 and 3; E = 3, top-1.
        return new RoutingStats(List.of("en", "de"), new int[] {1, 3}, 3, 1,
                new long[][] {{4, 4}, {2, 0}},
                new long[][][] {{{1, 2, 1}, {4, 0, 0}}, {{2, 0, 0}, {0, 0, 0}}},
                new double[][][] {{{0.5, 1.5, 1.0}, {4.0, 0, 0}}, {{2.0, 0, 0}, {0, 0, 0}}},
                new double[][] {{2.0, 1.0}, {0.4, 0}});
    }

    @Test
    void accessorsTranslateCodesAndDecoderLayers() {
        RoutingStats stats = twoLayers();
        assertEquals(1, stats.languageIndex("de"));
        assertEquals(1, stats.layerIndex(3));
        assertEquals(4, stats.totalTokens("en", 3));
        assertArrayEquals(new long[] {1, 2, 1}, stats.activationTokens("en", 1));
        assertArrayEquals(new double[] {2.0, 0, 0}, stats.gateValuesSum("de", 1));
        assertEquals(0.4, stats.softmaxEntropySum("de", 1));
    }

    @Test
    void unknownLanguageAndLayerNameWhatIsAvailable() {
        RoutingStats stats = twoLayers();
        IllegalArgumentException lang = assertThrows(IllegalArgumentException.class, () -> stats.languageIndex("fr"));
        assertTrue(lang.getMessage().contains("'fr'") && lang.getMessage().contains("[en, de]"), lang.getMessage());
        IllegalArgumentException layer = assertThrows(IllegalArgumentException.class, () -> stats.layerIndex(2));
        assertTrue(layer.getMessage().contains("decoder layer 2") && layer.getMessage().contains("[1, 3]"), layer.getMessage());
    }

    @Test
    void layerRangeIsInclusiveInDecoderIndices() {
        RoutingStats stats = twoLayers();
        assertArrayEquals(new int[] {0, 1}, stats.layerIndicesInRange(1, 3));
        assertArrayEquals(new int[] {1}, stats.layerIndicesInRange(2, 3));
        assertThrows(IllegalArgumentException.class, () -> stats.layerIndicesInRange(4, 9));
        assertThrows(IllegalArgumentException.class, () -> stats.layerIndicesInRange(3, 1));
    }

    @Test
    void withLanguagesSelectsAndReordersRows() {
        RoutingStats sub = twoLayers().withLanguages(List.of("de", "en"));
        assertEquals(List.of("de", "en"), sub.languages());
        assertEquals(2, sub.totalTokens("de", 1));
        assertArrayEquals(new long[] {4, 0, 0}, sub.activationTokens("en", 3));
    }

    @Test
    void storesACopyOfItsInput() {
        long[][] totals = {{4}};
        long[][][] act = {{{1, 2, 1}}};
        RoutingStats stats = Fixtures.counts(List.of("en"), new int[] {0}, 3, 1, totals, act);
        act[0][0][0] = 99;
        totals[0][0] = 99;
        assertEquals(1, stats.activationTokens("en", 0)[0]);
        assertEquals(4, stats.totalTokens("en", 0));
    }

    @Test
    void rejectsActivationAboveTokenCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fixtures.counts(List.of("en"), new int[] {0}, 3, 2,
                new long[][] {{4}}, new long[][][] {{{5, 2, 1}}}));
        assertTrue(e.getMessage().contains("activationTokens[en][layer 0][expert 0] = 5"), e.getMessage());
    }

    @Test
    void rejectsMoreSelectionsThanTopKAllows() {
        // top-1 with 4 tokens allows 4 selections; 1 + 2 + 2 = 5.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fixtures.counts(List.of("en"), new int[] {0}, 3, 1,
                new long[][] {{4}}, new long[][][] {{{1, 2, 2}}}));
        assertTrue(e.getMessage().contains("sum to 5"), e.getMessage());
    }

    @Test
    void rejectsShapeMismatchesWithFieldNames() {
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class, () -> Fixtures.counts(List.of("en", "de"), new int[] {0}, 3, 1,
                new long[][] {{4}}, new long[][][] {{{1, 2, 1}}, {{0, 0, 0}}}));
        assertTrue(rows.getMessage().contains("totalTokens has 1 rows, expected 2"), rows.getMessage());
        IllegalArgumentException experts = assertThrows(IllegalArgumentException.class, () -> Fixtures.counts(List.of("en"), new int[] {0}, 3, 1,
                new long[][] {{4}}, new long[][][] {{{1, 2}}}));
        assertTrue(experts.getMessage().contains("activationTokens[en][layer 0] has 2 entries, expected 3"), experts.getMessage());
    }

    @Test
    void rejectsBadHeaderValues() {
        assertThrows(IllegalArgumentException.class, () -> Fixtures.counts(List.of("en", "en"), new int[] {0}, 1, 1,
                new long[][] {{0}, {0}}, new long[][][] {{{0}}, {{0}}}));
        assertThrows(IllegalArgumentException.class, () -> Fixtures.counts(List.of("en"), new int[] {2, 1}, 1, 1,
                new long[][] {{0, 0}}, new long[][][] {{{0}, {0}}}));
        IllegalArgumentException topK = assertThrows(IllegalArgumentException.class, () -> Fixtures.counts(List.of("en"), new int[] {0}, 2, 3,
                new long[][] {{0}}, new long[][][] {{{0, 0}}}));
        assertTrue(topK.getMessage().contains("topK"), topK.getMessage());
        IllegalArgumentException entropy = assertThrows(IllegalArgumentException.class, () -> new RoutingStats(List.of("en"), new int[] {0}, 1, 1,
                new long[][] {{1}}, new long[][][] {{{1}}}, new double[][][] {{{1}}}, new double[][] {{Double.NaN}}));
        assertTrue(entropy.getMessage().contains("softmaxEntropySum[en][layer 0]"), entropy.getMessage());
    }

    @Test
    void concatStacksDisjointLanguageSetsAndUndoesWithLanguages() {
        RoutingStats both = twoLayers();
        RoutingStats merged = RoutingStats.concat(List.of(both.withLanguages(List.of("de")), both.withLanguages(List.of("en"))));
        assertEquals(List.of("de", "en"), merged.languages());
        assertArrayEquals(both.activationTokens("en", 1), merged.activationTokens("en", 1));
        assertArrayEquals(both.gateValuesSum("de", 1), merged.gateValuesSum("de", 1));
        assertEquals(both.totalTokens("en", 3), merged.totalTokens("en", 3));
        assertEquals(both.softmaxEntropySum("de", 1), merged.softmaxEntropySum("de", 1));
    }

    @Test
    void concatRefusesOverlapsAndOtherModels() {
        RoutingStats both = twoLayers();
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> RoutingStats.concat(List.of(both, both.withLanguages(List.of("en")))));
        assertTrue(twice.getMessage().contains("'en' is listed twice"), twice.getMessage());
        RoutingStats otherModel = new RoutingStats(List.of("fr"), new int[] {1, 2}, 3, 1, new long[][] {{1, 1}},
                new long[][][] {{{1, 0, 0}, {1, 0, 0}}}, new double[][][] {{{1, 0, 0}, {1, 0, 0}}}, new double[][] {{0, 0}});
        IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
                () -> RoutingStats.concat(List.of(both, otherModel)));
        assertTrue(model.getMessage().contains("different models"), model.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RoutingStats.concat(List.of()));
    }
}
