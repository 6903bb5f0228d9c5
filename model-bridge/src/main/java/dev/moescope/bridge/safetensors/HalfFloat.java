package dev.moescope.bridge.safetensors;

/**
 * Bit-level conversions between float32 and the two 16-bit float formats of checkpoints.
 *
 * <p>F16 (IEEE binary16): 1 sign, 5 exponent (bias 15), 10 mantissa bits. {@code Float.float16ToFloat}
 * only exists from Java 20, and we target 17, so both directions are written out here.
 * <p>BF16: the upper 16 bits of a float32 (1 sign, 8 exponent, 7 mantissa bits).
 */
public final class HalfFloat {

    /** All 65536 f16 bit patterns decoded once; decoding a tensor is then one table lookup per element. */
    private static final float[] F16_TO_F32 = new float[1 << 16];

    static {
        for (int h = 0; h < F16_TO_F32.length; h++) {
            F16_TO_F32[h] = decodeF16(h);
        }
    }

    private HalfFloat() {
    }

    /** f16 bits -> float (exact: every f16 value is a float32 value). */
    public static float f16ToFloat(short half) {
        return F16_TO_F32[half & 0xFFFF];
    }

    /** bf16 bits -> float: a bf16 is the top half of a float32, so shifting it back up is exact. */
    public static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    private static float decodeF16(int bits) {
        int sign = (bits & 0x8000) << 16;          // move the sign to bit 31
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {                         // inf (mant == 0) or NaN (payload kept in the top mantissa bits)
            return Float.intBitsToFloat(sign | 0x7F80_0000 | (mant << 13));
        }
        if (exp == 0) {                            // zero or subnormal: mant * 2^-24, exact in float32
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        // normal: rebias the exponent from 15 to 127 (+112) and widen the mantissa from 10 to 23 bits
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** float -> f16 bits, rounding to nearest even; overflow gives inf, underflow gives (signed) zero. */
    public static short floatToF16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xFF;
        int mant = bits & 0x7F_FFFF;
        if (exp == 0xFF) {                         // inf stays inf; NaN stays a (quiet) NaN
            return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;                    // rebias
        if (e >= 0x1F) {
            return (short) (sign | 0x7C00);
        }
        if (e <= 0) {
            // subnormal f16: value = m * 2^-24 with m = M >> (14 - e), M the 24-bit significand with its implicit 1
            if (e < -10) {
                return (short) sign;               // below half the smallest subnormal
            }
            int significand = mant | 0x80_0000;
            int shift = 14 - e;
            return (short) (sign | roundShift(significand, shift));
        }
        // normal: drop 13 mantissa bits; a carry out of the mantissa correctly bumps the exponent (even to inf)
        int half = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }

    /** float -> bf16 bits, rounding to nearest even; NaN stays NaN. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFF_FFFF) > 0x7F80_0000) {  // NaN: keep it NaN even if the payload is only in the low bits
            return (short) ((bits >>> 16) | 0x40);
        }
        // add 0x7FFF plus the lowest kept bit: rounds half to even; a carry may reach inf, as it should
        int rounded = bits + 0x7FFF + ((bits >>> 16) & 1);
        return (short) (rounded >>> 16);
    }

    /** value >> shift rounded to nearest, ties to even. */
    private static int roundShift(int value, int shift) {
        int kept = value >>> shift;
        int rest = value & ((1 << shift) - 1);
        int halfway = 1 << (shift - 1);
        if (rest > halfway || (rest == halfway && (kept & 1) == 1)) {
            kept++;
        }
        return kept;
    }
}
