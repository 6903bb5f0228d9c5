package dev.moescope.bridge.safetensors;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HalfFloatTest {

    @Test
    void f16EdgeValuesDecode() {
        assertEquals(0f, HalfFloat.f16ToFloat((short) 0x0000));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(HalfFloat.f16ToFloat((short) 0x8000)));
        assertEquals(1f, HalfFloat.f16ToFloat((short) 0x3C00));
        assertEquals(-2f, HalfFloat.f16ToFloat((short) 0xC000));
        assertEquals(65504f, HalfFloat.f16ToFloat((short) 0x7BFF));                 // largest finite
        assertEquals(0x1p-14f, HalfFloat.f16ToFloat((short) 0x0400));               // smallest normal
        assertEquals(0x1p-24f, HalfFloat.f16ToFloat((short) 0x0001));               // smallest subnormal
        assertEquals(0x3FFp-24f, HalfFloat.f16ToFloat((short) 0x03FF));             // largest subnormal
        assertEquals(Float.POSITIVE_INFINITY, HalfFloat.f16ToFloat((short) 0x7C00));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloat.f16ToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(HalfFloat.f16ToFloat((short) 0x7E00)));
        assertTrue(Float.isNaN(HalfFloat.f16ToFloat((short) 0x7C01)));
    }

    @Test
    void f16EncodeRoundsToNearestEven() {
        assertEquals((short) 0x3C00, HalfFloat.floatToF16(1f));
        // 1 + 2^-11 is exactly halfway between 1 and 1 + 2^-10: ties to even (1.0)
        assertEquals((short) 0x3C00, HalfFloat.floatToF16(1f + 0x1p-11f));
        // 1 + 3 * 2^-11 is halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even): rounds up
        assertEquals((short) 0x3C02, HalfFloat.floatToF16(1f + 3 * 0x1p-11f));
        assertEquals((short) 0x3C01, HalfFloat.floatToF16(1f + 0x1p-11f + 0x1p-20f));
        assertEquals((short) 0x7BFF, HalfFloat.floatToF16(65504f));
        assertEquals((short) 0x7C00, HalfFloat.floatToF16(65520f));                 // rounds up to inf
        assertEquals((short) 0x7C00, HalfFloat.floatToF16(1e10f));
        assertEquals((short) 0xFC00, HalfFloat.floatToF16(Float.NEGATIVE_INFINITY));
        assertEquals((short) 0x0001, HalfFloat.floatToF16(0x1p-24f));
        assertEquals((short) 0x0000, HalfFloat.floatToF16(0x1p-25f));               // tie to even: zero
        assertEquals((short) 0x0001, HalfFloat.floatToF16(0x1.01p-25f));           // just above half: min subnormal
        assertEquals((short) 0x8000, HalfFloat.floatToF16(-1e-30f));
        assertEquals((short) 0x0400, HalfFloat.floatToF16(0x3FFp-24f + 0x1p-25f + 0x1p-30f)); // subnormal carries to normal
        assertTrue(Float.isNaN(HalfFloat.f16ToFloat(HalfFloat.floatToF16(Float.NaN))));
    }

    @Test
    void everyF16RoundTripsThroughFloat() {
        for (int h = 0; h < 0x10000; h++) {
            float f = HalfFloat.f16ToFloat((short) h);
            if (Float.isNaN(f)) {
                assertTrue(Float.isNaN(HalfFloat.f16ToFloat(HalfFloat.floatToF16(f))));
            } else {
                assertEquals((short) h, HalfFloat.floatToF16(f), "bits " + Integer.toHexString(h));
            }
        }
    }

    @Test
    void bf16WideningIsExactAndEncodingRoundsToNearestEven() {
        for (int b = 0; b < 0x10000; b++) {
            float f = HalfFloat.bf16ToFloat((short) b);
            assertEquals(b << 16, Float.floatToRawIntBits(f));
            if (!Float.isNaN(f)) {
                assertEquals((short) b, HalfFloat.floatToBf16(f));
            }
        }
        // 1 + 2^-8 is halfway between 1 and 1 + 2^-7: ties to even
        assertEquals((short) 0x3F80, HalfFloat.floatToBf16(1f + 0x1p-8f));
        assertEquals((short) 0x3F82, HalfFloat.floatToBf16(1f + 3 * 0x1p-8f));
        assertEquals((short) 0x3F81, HalfFloat.floatToBf16(1f + 0x1p-8f + 0x1p-20f));
        assertTrue(Float.isNaN(HalfFloat.bf16ToFloat(HalfFloat.floatToBf16(Float.intBitsToFloat(0x7F800001)))));
    }
}
