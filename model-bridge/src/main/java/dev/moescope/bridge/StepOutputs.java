package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns one step's device outputs into per-sequence Java results (few bulk transfers). */
final class StepOutputs {

    private StepOutputs() {
    }

    /** Logits and next-token log-probabilities of every row of a right-padded batch. */
    static List<ForwardResult> results(NDManager sub, Transformer transformer, NDArray hidden /* [B, T, H] */,
                                       Transformer.Step step, LogitsMode mode, List<MoeBlock.Routing> routing,
                                       boolean capture) {
        int b = step.batch();
        int t = step.tokens();
        float[][][] logits = new float[b][][];
        float[][] logProbs = new float[b][];
        boolean needAll = mode == LogitsMode.ALL || t > 1;
        if (needAll) {
            NDArray all = transformer.logits(hidden);                         // [B, T, V] float32
            int vocab = (int) all.getShape().get(2);
            if (t > 1) {
                long[] targets = new long[b * t];
                for (int i = 0; i < b; i++) {
                    for (int j = 0; j + 1 < step.lengths()[i]; j++) {
                        targets[i * t + j] = step.ids()[i][j + 1];
                    }
                }
                float[] picked = all.logSoftmax(-1)
                        .gather(sub.create(targets).reshape(b, t, 1), 2).toFloatArray(); // [B, T, 1]
                for (int i = 0; i < b; i++) {
                    logProbs[i] = Arrays.copyOfRange(picked, i * t, i * t + step.lengths()[i] - 1);
                }
            }
            if (mode == LogitsMode.ALL) {
                float[] flat = all.toFloatArray();
                for (int i = 0; i < b; i++) {
                    logits[i] = rows(flat, i * t, step.lengths()[i], vocab);
                }
            } else if (mode == LogitsMode.LAST) {
                float[] last = lastRows(sub, all.reshape(b * t, vocab), step);
                for (int i = 0; i < b; i++) {
                    logits[i] = rows(last, i, 1, vocab);
                }
            }
        } else if (mode == LogitsMode.LAST) {
            NDArray all = transformer.logits(hidden);                         // [B, 1, V]
            int vocab = (int) all.getShape().get(2);
            float[] flat = all.toFloatArray();
            for (int i = 0; i < b; i++) {
                logits[i] = rows(flat, i, 1, vocab);
            }
        }
        List<ForwardResult> out = new ArrayList<>();
        for (int i = 0; i < b; i++) {
            float[] lp = logProbs[i] != null ? logProbs[i] : new float[0];
            RoutingTrace trace = capture ? trace(routing, step, i) : null;
            out.add(new ForwardResult(mode == LogitsMode.NONE ? null : logits[i], lp, trace));
        }
        return out;
    }

    /** The logits of each row's last real token, {@code [B * V]}. */
    static float[] lastRows(NDManager sub, NDArray flatLogits /* [B * T, V] */, Transformer.Step step) {
        long[] idx = new long[step.batch()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = (long) i * step.tokens() + step.lengths()[i] - 1;
        }
        return flatLogits.get(sub, new NDIndex("{}", sub.create(idx))).toFloatArray();
    }

    /** The routing of row {@code row} of the step (its real tokens only). */
    static RoutingTrace trace(List<MoeBlock.Routing> routing, Transformer.Step step, int row) {
        int len = step.lengths()[row];
        int t = step.tokens();
        List<LayerRouting> layers = new ArrayList<>();
        for (MoeBlock.Routing r : routing) {
            int e = r.experts();
            int k = r.k();
            int width = r.rowWidth();
            float[][] z = new float[len][];
            int[][] ids = new int[len][k];
            float[][] w = new float[len][];
            for (int j = 0; j < len; j++) {
                int base = (row * t + j) * width;
                z[j] = Arrays.copyOfRange(r.pack(), base, base + e);
                w[j] = Arrays.copyOfRange(r.pack(), base + e, base + e + k);
                for (int s = 0; s < k; s++) {
                    ids[j][s] = (int) r.pack()[base + e + k + s];
                }
            }
            layers.add(new LayerRouting(r.layer(), z, ids, w));
        }
        return new RoutingTrace(Arrays.copyOf(step.ids()[row], len), layers);
    }

    private static float[][] rows(float[] flat, int firstRow, int count, int width) {
        float[][] out = new float[count][];
        for (int r = 0; r < count; r++) {
            int from = (firstRow + r) * width;
            out[r] = Arrays.copyOfRange(flat, from, from + width);
        }
        return out;
    }
}
