package dev.moescope.routing.store;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HalfAndPackingTest {

    @Test
    void halfMatchesKnownBitPatterns() {
        assertEquals(0x3c00, Half.fromFloat(1f) & 0xffff);
        assertEquals(0xc000, Half.fromFloat(-2f) & 0xffff);
        assertEquals(0x7bff, Half.fromFloat(65504f) & 0xffff);
        assertEquals(0x7c00, Half.fromFloat(1e6f) & 0xffff);
        assertEquals(0x0001, Half.fromFloat(0x1p-24f) & 0xffff); // smallest subnormal
        assertEquals(0x3555, Half.fromFloat(1f / 3) & 0xffff);
        assertEquals(1f, Half.toFloat((short) 0x3c00));
        assertEquals(0x1p-24f, Half.toFloat((short) 0x0001));
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
    }

    @Test
    void halfRoundTripIsExactForEveryHalfAndAccurateForWeights() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Half.toFloat((short) bits);
            if (!Float.isNaN(f)) {
                assertEquals(bits, Half.fromFloat(f) & 0xffff, "bits " + Integer.toHexString(bits));
            }
        }
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            float w = (float) rnd.nextDouble(); // routing weights live in [0, 1]
            float back = Half.toFloat(Half.fromFloat(w));
            assertTrue(Math.abs(back - w) <= 0x1p-12f, w + " -> " + back); // half an ulp of f16 in [0.5, 1)
            float h = (float) (rnd.nextDouble() * Math.log(128)); // entropies in [0, ln 128]
            assertTrue(Math.abs(Half.toFloat(Half.fromFloat(h)) - h) <= h * 0x1p-11f + 1e-7f);
        }
        assertEquals(0x3c00, Half.fromFloat(1.0004883f) & 0xffff); // exactly halfway: ties to even (down)
        assertEquals(0x3c02, Half.fromFloat(1.0014648f) & 0xffff); // halfway above an odd mantissa: up
    }

    @Test
    void bytesPerTokenForQwen3Shape() {
        // 48 MoE layers x top-8 over 128 experts: ids (u8) + weights (f16) must stay within 1.2 KB per token
        int idsAndWeights = TracePacking.bytesPerToken(48, 8, 128, false);
        assertEquals(48 * (8 + 16), idsAndWeights);
        assertTrue(idsAndWeights <= 1200, "ids+weights " + idsAndWeights + " B/token");
        assertEquals(idsAndWeights + 96, TracePacking.bytesPerToken(48, 8, 128, true));
        assertEquals(2, TracePacking.idBytes(257));

        int tokens = 100;
        int[][] ids = new int[tokens][8];
        float[][] w = new float[tokens][8];
        for (int t = 0; t < tokens; t++) {
            for (int j = 0; j < 8; j++) {
                ids[t][j] = (t * 8 + j) % 128;
                w[t][j] = 1f / (j + 2);
            }
        }
        int blobBytes = 48 * (TracePacking.packIds(ids, 128).length + TracePacking.packHalves(w).length);
        assertEquals(idsAndWeights * tokens, blobBytes);
    }

    @Test
    void idsRoundTripAsU8AndU16() {
        int[][] small = {{0, 255}, {17, 3}};
        assertEquals(4, TracePacking.packIds(small, 256).length);
        assertArrayEquals(small, TracePacking.unpackIds(TracePacking.packIds(small, 256), 2, 2, 256));
        int[][] big = {{0, 511}, {300, 256}};
        assertEquals(8, TracePacking.packIds(big, 512).length);
        assertArrayEquals(big, TracePacking.unpackIds(TracePacking.packIds(big, 512), 2, 2, 512));
        int[] tokens = {0, 151_935, 7};
        assertArrayEquals(tokens, TracePacking.unpackTokens(TracePacking.packTokens(tokens)));
    }
}
