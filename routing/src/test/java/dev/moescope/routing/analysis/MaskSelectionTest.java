package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MaskSelectionTest {

    /** The fixture layer at decoder 0 and 2; at layer 2 every language uses e0, e1 alike. */
    private static List<LayerClassification> classification() {
        RoutingStats stats = Fixtures.counts(List.of("en", "de", "zh"), new int[] {0, 2}, 4, 2,
                new long[][] {{10, 10}, {10, 10}, {10, 10}},
                new long[][][] {
                        {{8, 6, 4, 2}, {10, 10, 0, 0}},
                        {{2, 6, 8, 4}, {10, 10, 0, 0}},
                        {{5, 5, 5, 5}, {10, 10, 0, 0}}});
        return ExpertClassification.classify(stats, 2, 0.4);
    }

    @Test
    void exclusiveExpertsInBand() {
        // layer 0: en {e0}, de {e2}; layer 2: shares 1/3 each -> nothing exclusive
        assertEquals(Map.of(0, List.of(0)), MaskSelection.exclusiveExperts(classification(), "en", new int[] {0, 2}));
        assertEquals(Map.of(0, List.of(2)), MaskSelection.exclusiveExperts(classification(), "de", new int[] {0, 2}));
        assertTrue(MaskSelection.exclusiveExperts(classification(), "zh", new int[] {0, 2}).isEmpty());
    }

    @Test
    void sharedExpertsInBand() {
        // layer 0: {e1}; layer 2: {e0, e1}
        Map<Integer, List<Integer>> shared = MaskSelection.sharedExperts(classification(), new int[] {0, 2});
        assertEquals(Map.of(0, List.of(1), 2, List.of(0, 1)), shared);
        assertEquals(List.of(0, 2), List.copyOf(shared.keySet()));
        assertEquals(3, MaskSelection.size(shared));
        assertEquals(Map.of(2, List.of(0, 1)), MaskSelection.sharedExperts(classification(), new int[] {2}));
    }

    @Test
    void bandLayerWithoutClassificationIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MaskSelection.sharedExperts(classification(), new int[] {1}));
        assertTrue(e.getMessage().contains("decoder layer 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MaskSelection.exclusiveExperts(classification(), "fr", new int[] {0}));
    }
}
