package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * gpt_oss experts, MXFP4 ({@code gate_up_proj_blocks/_scales}, {@code down_proj_blocks/_scales}) or dequantised
 * BF16 ({@code gate_up_proj [E, hidden, 2I]}, {@code down_proj [E, I, hidden]}, HF's {@code [in, out]} order),
 * with {@code gate_up_proj_bias [E, 2I]} and {@code down_proj_bias [E, hidden]}. The gate/up output features are
 * interleaved (gate = even, up = odd); they are de-interleaved here so that gate rows come first as in every
 * other layout.
 */
final class GptOssExpertWeights {

    private GptOssExpertWeights() {
    }

    /** @return gateUp {@code [E, 2I, hidden]}, down {@code [E, hidden, I]}, gateUpBias {@code [E, 2I]}, downBias {@code [E, hidden]} */
    static NDArray[] load(ModelWeights.Loader l, String x, int experts, int inter, int h, boolean mxfp4) {
        NDList gu = new NDList();
        NDList dn = new NDList();
        if (mxfp4) {
            Mxfp4.Decoded gateUp = Mxfp4.read(l.ckpt(), x + "gate_up_proj", experts, 2 * inter, h);
            Mxfp4.Decoded down = Mxfp4.read(l.ckpt(), x + "down_proj", experts, h, inter);
            for (int e = 0; e < experts; e++) {
                gu.add(l.create(deinterleaveRows(gateUp.expert(e), 2 * inter, h), 2L * inter, h)); // [2I, hidden]
                dn.add(l.create(down.expert(e), h, inter));                                      // [hidden, I]
            }
        } else {
            float[] gateUp = l.hostFloats(x + "gate_up_proj", experts, h, 2L * inter);   // [E, hidden, 2I]
            float[] down = l.hostFloats(x + "down_proj", experts, inter, h);             // [E, I, hidden]
            for (int e = 0; e < experts; e++) {
                float[] w = transpose(gateUp, e, h, 2 * inter);                          // [2I, hidden]
                gu.add(l.create(deinterleaveRows(w, 2 * inter, h), 2L * inter, h));
                dn.add(l.create(transpose(down, e, inter, h), h, inter));                // [hidden, I]
            }
        }
        float[] guBias = l.hostFloats(x + "gate_up_proj_bias", experts, 2L * inter);     // [E, 2I]
        float[] dBias = l.hostFloats(x + "down_proj_bias", experts, h);                  // [E, hidden]
        float[] guBiasOrdered = new float[guBias.length];
        for (int e = 0; e < experts; e++) {
            float[] row = java.util.Arrays.copyOfRange(guBias, e * 2 * inter, (e + 1) * 2 * inter);
            System.arraycopy(deinterleaveRows(row, 2 * inter, 1), 0, guBiasOrdered, e * 2 * inter, 2 * inter);
        }
        NDArray[] out = {NDArrays.stack(gu), NDArrays.stack(dn), l.create(guBiasOrdered, experts, 2L * inter),
                l.create(dBias, experts, h)};
        gu.close();
        dn.close();
        return out;
    }

    /** Rows {@code [g0, u0, g1, u1, ...]} of a {@code [2I, cols]} matrix -> {@code [g0, g1, ..., u0, u1, ...]}. */
    static float[] deinterleaveRows(float[] w, int rows, int cols) {
        float[] out = new float[w.length];
        int half = rows / 2;
        for (int r = 0; r < rows; r++) {
            int to = (r % 2 == 0 ? r / 2 : half + r / 2) * cols;
            System.arraycopy(w, r * cols, out, to, cols);
        }
        return out;
    }

    /** Expert {@code e} of {@code [E, rows, cols]} transposed to {@code [cols, rows]}. */
    private static float[] transpose(float[] all, int e, int rows, int cols) {
        float[] out = new float[rows * cols];
        int base = e * rows * cols;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = all[base + r * cols + c];
            }
        }
        return out;
    }
}
