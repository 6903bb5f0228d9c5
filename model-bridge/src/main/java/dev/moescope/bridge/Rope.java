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
     * cos and sin tables {@code [B, 1, T, headDim]} (float32) for the given positions {@code [B][T]}.
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
                    sin[base + f] = sv;
                    sin[base + half + f] = sv;
                }
            }
        }
        Shape shape = new Shape(b, 1, t, headDim);
        return new NDList(manager.create(cos, shape), manager.create(sin, shape));
    }

    /** {@code x * cos + rotate_half(x) * sin} for x {@code [B, heads, T, headDim]}. */
    static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        NDList halves = x.split(2, 3);                                 // 2 x [B, heads, T, headDim / 2]
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), 3); // cat(-x2, x1)
        return x.mul(cos).add(rotated.mul(sin));
    }
}
