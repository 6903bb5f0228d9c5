package dev.moescope.routing.collect;

import dev.moescope.bridge.RouterIntervention;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterEntropyTest {

    @Test
    void uniformLogitsHaveLogEEntropyAndPeakedOnesLess() {
        assertEquals(Math.log(8), RouterEntropy.of(new float[8]), 1e-6);
        assertEquals(0, RouterEntropy.of(new float[] {100, 0, 0, 0}), 1e-6);
        float h = RouterEntropy.of(new float[] {1, 0, 0, 0});
        double p = Math.exp(1) / (Math.exp(1) + 3);
        double q = 1 / (Math.exp(1) + 3);
        assertEquals(-(p * Math.log(p) + 3 * q * Math.log(q)), h, 1e-6);
    }

    @Test
    void entropyFollowsTheSteeredSoftmax() {
        float[][] z = {{1, -1, 2, 0.5f}}; // [T=1, E=4]
        float[] none = BridgeRoutingSource.entropy(z, null);
        assertEquals(RouterEntropy.of(z[0]), none[0], 0);
        // masking two experts leaves the softmax over the other two
        RouterIntervention.LayerTerms mask = new RouterIntervention.LayerTerms(new float[4], new float[4],
                new boolean[] {false, true, false, true});
        assertEquals(RouterEntropy.of(new float[] {1, 2}), BridgeRoutingSource.entropy(z, mask)[0], 1e-6);
        // z' = (z + b) + c|z|
        RouterIntervention.LayerTerms steer = new RouterIntervention.LayerTerms(new float[] {0, 0, 0, 3},
                new float[] {0.5f, 0, 0, 0}, new boolean[4]);
        float[] expected = {1 + 0.5f * 1, -1, 2, 0.5f + 3};
        assertEquals(RouterEntropy.of(expected), BridgeRoutingSource.entropy(z, steer)[0], 1e-6);
        assertTrue(BridgeRoutingSource.entropy(z, mask)[0] < none[0]);
    }
}
