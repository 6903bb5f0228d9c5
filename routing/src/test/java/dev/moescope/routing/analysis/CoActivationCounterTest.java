package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CoActivationCounterTest {

    private static final double TOL = 1e-12;

    @Test
    void conditionalCoActivation() {
        // E = 5, top-2 of five tokens: [0,1] [0,2] [0,1] [1,2] [3,0]; expert 4 never chosen.
        // selected: e0 4 (tokens 1,2,3,5), e1 3, e2 2, e3 1
        // joint: (0,1) 2, (0,2) 1, (0,3) 1, (1,2) 1
        CoActivationCounter counter = new CoActivationCounter(5);
        counter.addAll(new int[][] {{0, 1}, {0, 2}, {0, 1}, {1, 2}, {3, 0}});
        assertEquals(5, counter.tokens());
        assertArrayEquals(new long[] {4, 3, 2, 1, 0}, counter.selectionCounts());
        double[][] p = counter.conditional();
        // P(b | 0) = joint(0,b) / 4
        assertArrayEquals(new double[] {1, 2.0 / 4, 1.0 / 4, 1.0 / 4, 0}, p[0], TOL);
        // P(b | 1) = joint(1,b) / 3
        assertArrayEquals(new double[] {2.0 / 3, 1, 1.0 / 3, 0, 0}, p[1], TOL);
        // P(b | 2) = joint(2,b) / 2
        assertArrayEquals(new double[] {0.5, 0.5, 1, 0, 0}, p[2], TOL);
        // P(0 | 3) = 1
        assertArrayEquals(new double[] {1, 0, 0, 1, 0}, p[3], TOL);
        // never selected: zeros, not NaN
        assertArrayEquals(new double[] {0, 0, 0, 0, 0}, p[4]);
        assertEquals(2, counter.jointCounts()[1][0]);
        assertEquals(2.0 / 3, counter.conditionalMatrix().get("1", "0"), TOL);
    }

    @Test
    void rejectsInvalidTopK() {
        CoActivationCounter counter = new CoActivationCounter(4);
        assertThrows(IllegalArgumentException.class, () -> counter.add(1, 1));
        assertThrows(IllegalArgumentException.class, () -> counter.add(0, 4));
        assertEquals(0, counter.tokens());
    }
}
