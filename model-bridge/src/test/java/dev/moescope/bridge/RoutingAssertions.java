package dev.moescope.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Asserts that two routing traces agree: same tokens, layers and experts; weights and logits within a tolerance. */
final class RoutingAssertions {

    private RoutingAssertions() {
    }

    static void assertSameRouting(RoutingTrace expected, RoutingTrace actual, float tol) {
        assertArrayEquals(expected.tokens(), actual.tokens(), "tokens");
        assertEquals(expected.layers().size(), actual.layers().size(), "MoE layer count");
        for (int i = 0; i < expected.layers().size(); i++) {
            LayerRouting e = expected.layers().get(i);
            LayerRouting a = actual.layers().get(i);
            assertEquals(e.layer(), a.layer());
            for (int t = 0; t < e.topkIds().length; t++) {
                assertArrayEquals(e.topkIds()[t], a.topkIds()[t], "layer " + e.layer() + " token " + t + " experts");
            }
            float w = TestCheckpoints.maxAbsDiff(e.topkWeights(), a.topkWeights());
            assertTrue(w <= tol, "layer " + e.layer() + ": weight difference " + w + " > " + tol);
            float z = TestCheckpoints.maxAbsDiff(e.routerLogits(), a.routerLogits());
            float scale = Math.max(1f, TestCheckpoints.maxAbs(e.routerLogits()));
            assertTrue(z <= tol * scale, "layer " + e.layer() + ": router logit difference " + z);
        }
    }
}
