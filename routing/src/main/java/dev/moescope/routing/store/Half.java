package dev.moescope.routing.store;

/**
 * IEEE 754 binary16 ("f16") conversion for packing trace weights and entropies. Java 17 has no
 * {@code Float.floatToFloat16}, so the bits are assembled by hand: sign (1), exponent (5, bias 15), mantissa (10).
 * Rounding is to nearest, ties to even; values beyond 65504 become infinity, tiny values become subnormals or 0.
 */
public final class Half {
    private Half() {
    }

    /** Rounds a float to the nearest f16 and returns its 16 bits. */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) { // NaN or infinity: keep a quiet NaN payload bit
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
        }
        int e = exp - 127 + 15; // re-biased exponent
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00); // overflow -> infinity
        }
        if (e <= 0) { // subnormal f16 (or zero): shift the implicit-1 mantissa right
            if (e < -10) {
                return (short) sign;
            }
            int m = mant | 0x800000;
            int shift = 14 - e; // 13 mantissa bits dropped, plus the exponent deficit
            int half = m >>> shift;
            int rest = m & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (half & 1) == 1)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1fff; // the 13 dropped bits
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++; // a mantissa carry rolls into the exponent, which is the correct rounding
        }
        return (short) (sign | half);
    }

    /** Widens f16 bits to a float (exact). */
    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
