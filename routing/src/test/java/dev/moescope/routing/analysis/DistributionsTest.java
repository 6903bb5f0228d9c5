package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DistributionsTest {

    private static final double TOL = 1e-12;

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    @Test
    void normalisesCountsAndKeepsEmptyAsZeros() {
        assertArrayEquals(new double[] {0.4, 0.3, 0.2, 0.1}, Distributions.normalise(new long[] {8, 6, 4, 2}), TOL);
        assertArrayEquals(new double[] {0, 0}, Distributions.normalise(new long[] {0, 0}));
        assertArrayEquals(new double[] {0.25, 0.75}, Distributions.normalise(new double[] {1, 3}), TOL);
    }

    @Test
    void entropyInNats() {
        assertEquals(Math.log(4), Distributions.entropyNats(new double[] {0.25, 0.25, 0.25, 0.25}), TOL);
        assertEquals(Math.log(2), Distributions.entropyNats(new double[] {0.5, 0.5, 0, 0}), TOL);
        assertEquals(0, Distributions.entropyNats(new double[] {1, 0}));
        assertEquals(0, Distributions.entropyNats(new double[] {0, 0}));
    }

    @Test
    void jensenShannonInBits() {
        double[] p = {0.5, 0.5, 0, 0};
        double[] q = {0.25, 0.25, 0.25, 0.25};
        assertEquals(0, Distributions.jensenShannonBits(p, p.clone()));
        assertEquals(1, Distributions.jensenShannonBits(new double[] {1, 0}, new double[] {0, 1}), TOL);
        // m = [0.375, 0.375, 0.125, 0.125]
        // KL(p||m) = 2 * 0.5 * log2(0.5/0.375) = log2(4/3)
        // KL(q||m) = 2 * 0.25 * log2(0.25/0.375) + 2 * 0.25 * log2(0.25/0.125) = 0.5 log2(2/3) + 0.5
        double expected = 0.5 * log2(4.0 / 3) + 0.5 * (0.5 * log2(2.0 / 3) + 0.5); // = 0.311278...
        assertEquals(expected, Distributions.jensenShannonBits(p, q), TOL);
        assertEquals(0.311278, expected, 1e-6);
        assertEquals(expected, Distributions.jensenShannonBits(q, p), TOL);
        assertThrows(IllegalArgumentException.class, () -> Distributions.jensenShannonBits(p, new double[] {1}));
    }

    @Test
    void cosine() {
        // [1,1,0] . [1,0,1] = 1; |u| |v| = 2
        assertEquals(0.5, Distributions.cosine(new double[] {1, 1, 0}, new double[] {1, 0, 1}), TOL);
    }
}
