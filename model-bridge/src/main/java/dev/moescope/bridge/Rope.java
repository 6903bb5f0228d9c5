package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Default rotary position embedding (HF {@code rotate_half} convention) with {@code rope_theta}, and the
 * "linear" scaling (positions divided by the factor). Angles follow HF: inv_freq in float32, angle = float32
 * product of inv_freq and position, cos/sin of that float32 angle.
 */
final class Rope {

    private final int headDim;
    private final float[] invFreq; // [headDim / 2]

    Rope(ModelConfig c) {
        this.headDim = c.headDim();
        int half = headDim / 2;
        invFreq = new float[half];
        double factor = 1.0;
        if (c.ropeType().equals("linear")) {
            factor = ((Number) c.ropeScaling().get("factor")).doubleValue();
        }
        for (int i = 0; i < half; i++) {
            // HF: 1 / theta ** (arange(0, dim, 2).float() / dim), all in float32
            float exponent = (float) (2 * i) / headDim;
            float denom = (float) Math.pow(c.ropeTheta(), exponent);
            invFreq[i] = (float) (1.0f / denom);
            if (factor != 1.0) {
                invFreq[i] = (float) (invFreq[i] / factor);
            }
        }
    }

    /**
     * cos and signed sin tables {@code [B, T, 1, headDim]} (float32) for the given positions {@code [B][T]}; the
     * first half of the sin table is negated, see {@link #apply}.
     */
    NDList tables(NDManager manager, int[][] positions) {
        int b = positions.length;
        int t = positions[0].length;
        int half = headDim / 2;
        float[] cos = new float[b * t * headDim];
        float[] sin = new float[b * t * headDim];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                int base = (i * t + j) * headDim;
                float pos = positions[i][j];
                for (int f = 0; f < half; f++) {
                    float angle = invFreq[f] * pos; // float32 product, as HF's float32 matmul of [D/2,1]x[1,T]
                    float cv = (float) Math.cos(angle);
                    float sv = (float) Math.sin(angle);
                    // emb = cat(freqs, freqs): both halves use the same angle
                    cos[base + f] = cv;
                    cos[base + half + f] = cv;
                    sin[base + f] = -sv;
                    sin[base + half + f] = sv;
                }
            }
        }
        Shape shape = new Shape(b, t, 1, headDim);
        return new NDList(manager.create(cos, shape), manager.create(sin, shape));
    }

    /**
     * The {@code [headDim, headDim]} permutation that swaps the two halves of the last axis:
     * {@code x.matMul(swap) = cat(x2, x1)}, exactly (one product by 1 per output, the rest adds zeros).
     */
    NDArray swapHalves(NDManager manager) {
        int half = headDim / 2;
        float[] p = new float[headDim * headDim];
        for (int i = 0; i < half; i++) {
            p[(half + i) * headDim + i] = 1f; // output i takes input half + i
            p[i * headDim + half + i] = 1f;   // output half + i takes input i
        }
        return manager.create(p, new Shape(headDim, headDim));
    }

    /**
     * {@code x * cos + rotate_half(x) * sin} for x {@code [B, T, heads, headDim]}, as
     * {@code x * cos + cat(x2, x1) * cat(-sin, sin)}: {@code x2 * -s} equals {@code -x2 * s} bit for bit, so
     * this is HF's {@code cat(-x2, x1) * sin} in one matmul instead of a split, a negation and a concat.
     */
    static NDArray apply(NDArray x, NDArray cos, NDArray signedSin, NDArray swap) {
        NDArray rotated = x.matMul(swap).muli(signedSin);  // [B, T, heads, D]
        return x.mul(cos).addi(rotated);                   // [B, T, heads, D]
    }
}
