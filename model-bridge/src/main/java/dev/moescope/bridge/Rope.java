package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding of the first {@code rotaryDim} dims of each head ({@link Architecture.RopeKind}):
 * HF's {@code rotate_half} form on pairs (i, i + r/2), or DeepSeek's pairs (2i, 2i+1), which are first
 * de-interleaved by a permutation (q.k is unchanged by a shared permutation of q and k). Angles follow HF:
 * angle = float32 product of inv_freq and position, cos/sin of it times the attention factor (YaRN, longrope).
 * The frequencies are chosen per forward call (longrope picks short or long factors by the call's length).
 */
final class Rope {

    private final Architecture.RopeKind kind;
    private final int dim;              // rotated dims per head
    private final NDArray swapHalves;   // [dim, dim] rotate_half permutation, compute dtype
    private final NDArray deinterleave; // [dim, dim] (x0, x1, x2, ...) -> (x0, x2, ..., x1, x3, ...), or null

    Rope(Architecture.RopeKind kind, NDManager owner, DataType computeType) {
        this.kind = kind;
        this.dim = kind.rotaryDim();
        this.swapHalves = permutation(owner, swapHalvesMap(dim)).toType(computeType, false);
        this.deinterleave = kind.interleaved()
                ? permutation(owner, deinterleaveMap(dim)).toType(computeType, false) : null;
    }

    /**
     * cos and signed sin tables {@code [B, T, 1, dim]} (float32) for the given positions {@code [B][T]}; the
     * first half of the sin table is negated, see {@link #apply}.
     */
    NDList tables(NDManager manager, int[][] positions) {
        int b = positions.length;
        int t = positions[0].length;
        int maxPosition = 0;
        for (int[] row : positions) {
            for (int p : row) {
                maxPosition = Math.max(maxPosition, p);
            }
        }
        Architecture.FixedFrequencies f = kind.frequencies().forCall(maxPosition);
        float[] invFreq = f.invFreq();
        float scale = f.attentionScale();
        int half = dim / 2;
        float[] cos = new float[b * t * dim];
        float[] sin = new float[b * t * dim];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                int base = (i * t + j) * dim;
                float pos = positions[i][j];
                for (int k = 0; k < half; k++) {
                    float angle = invFreq[k] * pos; // float32 product, as HF's float32 matmul of [D/2,1]x[1,T]
                    float cv = (float) Math.cos(angle) * scale;
                    float sv = (float) Math.sin(angle) * scale;
                    // emb = cat(freqs, freqs): both halves use the same angle
                    cos[base + k] = cv;
                    cos[base + half + k] = cv;
                    sin[base + k] = -sv;
                    sin[base + half + k] = sv;
                }
            }
        }
        Shape shape = new Shape(b, t, 1, dim);
        return new NDList(manager.create(cos, shape), manager.create(sin, shape));
    }

    /**
     * Rotates x {@code [B, T, heads, D]} (D >= dim; dims past {@code dim} pass through, partial rotary):
     * {@code x * cos + cat(x2, x1) * cat(-sin, sin)}; {@code x2 * -s} equals {@code -x2 * s} bit for bit, so this
     * is HF's {@code cat(-x2, x1) * sin} in one matmul instead of a split, a negation and a concat.
     */
    NDArray apply(NDArray x, NDArray cos, NDArray signedSin) {
        long d = x.getShape().get(3);
        NDArray rot = d == dim ? x : x.get(new NDIndex(":, :, :, 0:" + dim));  // [B, T, heads, dim]
        if (deinterleave != null) {
            rot = rot.matMul(deinterleave);                                      // exact: one 1 per column
        }
        NDArray rotated = rot.matMul(swapHalves).muli(signedSin);                // [B, T, heads, dim]
        NDArray out = rot.mul(cos).addi(rotated);                                // [B, T, heads, dim]
        return d == dim ? out : out.concat(x.get(new NDIndex(":, :, :, " + dim + ":")), 3);
    }

    /** Output column -> input column of rotate_half's swap: cat(x2, x1). */
    private static int[] swapHalvesMap(int dim) {
        int half = dim / 2;
        int[] from = new int[dim];
        for (int i = 0; i < half; i++) {
            from[i] = half + i;
            from[half + i] = i;
        }
        return from;
    }

    /** Output column -> input column: evens first, then odds. */
    private static int[] deinterleaveMap(int dim) {
        int half = dim / 2;
        int[] from = new int[dim];
        for (int i = 0; i < half; i++) {
            from[i] = 2 * i;
            from[half + i] = 2 * i + 1;
        }
        return from;
    }

    /** {@code [dim, dim]} with {@code x.matMul(P)[out] = x[from[out]]}, exactly (a single product by 1). */
    private static NDArray permutation(NDManager manager, int[] from) {
        int n = from.length;
        float[] p = new float[n * n];
        for (int out = 0; out < n; out++) {
            p[from[out] * n + out] = 1f;
        }
        return manager.create(p, new Shape(n, n));
    }
}
