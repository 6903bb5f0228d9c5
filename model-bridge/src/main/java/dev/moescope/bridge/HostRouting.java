package dev.moescope.bridge;

/**
 * The routers whose selection is not a plain softmax top-k, computed on the host from the (steered) float32
 * router logits of each token, with HF v4.57.6's float32 arithmetic. The result per token: k expert ids ordered
 * by descending final weight (ties: the larger steered logit first) and the weights that multiply the expert
 * outputs.
 */
final class HostRouting {

    private HostRouting() {
    }

    /**
     * @param z          steered logits of one token, {@code [E]} (masked experts already -1e9)
     * @param masked     experts forced off, or null
     * @param correction {@code e_score_correction_bias [E]} for sigmoid routers, else null
     * @param ids        out: {@code [k]}
     * @param weights    out: {@code [k]}
     */
    static void route(Architecture.Router router, float[] z, boolean[] masked, float[] correction, int[] ids,
                      float[] weights) {
        if (router instanceof Architecture.DeepseekSoftmax r) {
            deepseekSoftmax(r, z, ids, weights);
        } else if (router instanceof Architecture.SigmoidGroups r) {
            sigmoidGroups(r, z, masked, correction, ids, weights);
        } else if (router instanceof Architecture.TopKThenSoftmax r) {
            topKThenSoftmax(r.k(), z, ids, weights);
        } else if (router instanceof Architecture.SparseMixer r) {
            sparseMixer(r.eps(), z, ids, weights);
        } else {
            softmaxTopK((Architecture.SoftmaxTopK) router, z, ids, weights);
        }
        orderByWeight(z, ids, weights);
    }

    /** Float32 softmax over all of {@code z} (max-subtracted, as torch). */
    static float[] softmax(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        float[] p = new float[z.length];
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) (p[i] / sum);
        }
        return p;
    }

    private static void softmaxTopK(Architecture.SoftmaxTopK r, float[] z, int[] ids, float[] weights) {
        float[] p = softmax(z);
        topK(p, ids);
        float sum = 0;
        for (int j = 0; j < ids.length; j++) {
            weights[j] = p[ids[j]];
            sum += weights[j];
        }
        if (r.normTopkProb()) {
            for (int j = 0; j < ids.length; j++) {
                weights[j] /= sum;
            }
        }
    }

    /** deepseek_v2: softmax, optional group limit (kept groups by max p, others' p = 0), top-k, x scale. */
    private static void deepseekSoftmax(Architecture.DeepseekSoftmax r, float[] z, int[] ids, float[] weights) {
        float[] p = softmax(z);
        float[] candidates = p;
        if (r.groupLimited()) {
            int per = z.length / r.nGroup();
            float[] groupScore = new float[r.nGroup()];
            for (int g = 0; g < r.nGroup(); g++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int e = g * per; e < (g + 1) * per; e++) {
                    m = Math.max(m, p[e]);
                }
                groupScore[g] = m;
            }
            candidates = keepGroups(p, groupScore, r.topkGroup(), per, 0f);
        }
        topK(candidates, ids);
        for (int j = 0; j < ids.length; j++) {
            weights[j] = p[ids[j]] * r.scale();
        }
    }

    /**
     * noaux_tc: s = sigmoid(z), choice c = s + bias (masked: -inf), group score = sum of its 2 largest c, keep
     * topk_group groups (others' c = 0.0, as HF's masked_fill), top-k of c; weights from s.
     */
    private static void sigmoidGroups(Architecture.SigmoidGroups r, float[] z, boolean[] masked, float[] correction,
                                      int[] ids, float[] weights) {
        int e = z.length;
        float[] s = new float[e];
        float[] c = new float[e];
        for (int i = 0; i < e; i++) {
            s[i] = (float) (1.0 / (1.0 + Math.exp(-(double) z[i])));
            c[i] = masked != null && masked[i] ? Float.NEGATIVE_INFINITY : s[i] + correction[i];
        }
        int per = e / r.nGroup();
        float[] groupScore = new float[r.nGroup()];
        for (int g = 0; g < r.nGroup(); g++) {
            float best = Float.NEGATIVE_INFINITY;
            float second = Float.NEGATIVE_INFINITY;
            for (int i = g * per; i < (g + 1) * per; i++) {
                if (c[i] > best) {
                    second = best;
                    best = c[i];
                } else if (c[i] > second) {
                    second = c[i];
                }
            }
            groupScore[g] = best + second;
        }
        float[] candidates = keepGroups(c, groupScore, r.topkGroup(), per, 0f);
        topK(candidates, ids);
        float sum = 0;
        for (int j = 0; j < ids.length; j++) {
            weights[j] = s[ids[j]];
            sum += weights[j];
        }
        float denominator = sum + 1e-20f;
        for (int j = 0; j < ids.length; j++) {
            if (r.normTopkProb()) {
                weights[j] /= denominator;
            }
            weights[j] *= r.scale();
        }
    }

    /** granitemoe / gpt_oss: the k largest logits, softmax over those k only. */
    private static void topKThenSoftmax(int k, float[] z, int[] ids, float[] weights) {
        topK(z, ids);
        float max = z[ids[0]];
        double sum = 0;
        for (int j = 0; j < k; j++) {
            weights[j] = (float) Math.exp(z[ids[j]] - max);
            sum += weights[j];
        }
        for (int j = 0; j < k; j++) {
            weights[j] = (float) (weights[j] / sum);
        }
    }

    /**
     * phimoe's sparsemixer, inference path: the top expert, weighted by its softmax among the experts within
     * {@code 2 eps} (relative) of it; then the best of the rest, weighted the same way among the rest.
     */
    private static void sparseMixer(float eps, float[] z, int[] ids, float[] weights) {
        float threshold = 2 * eps;
        int first = argMax(z, -1);
        weights[0] = keptSoftmaxAt(z, first, -1, threshold);
        int second = argMax(z, first);
        weights[1] = keptSoftmaxAt(z, second, first, threshold);
        ids[0] = first;
        ids[1] = second;
    }

    /**
     * {@code softmax(z masked)[top]}: expert j (not {@code excluded}) is kept iff
     * {@code (z_top - z_j) / max(|z_j|, z_top) <= threshold}.
     */
    private static float keptSoftmaxAt(float[] z, int top, int excluded, float threshold) {
        float m = z[top];
        double sum = 0;
        for (int j = 0; j < z.length; j++) {
            if (j == excluded) {
                continue;
            }
            float factor = Math.max(Math.abs(z[j]), m);
            boolean dropped = (m - z[j]) / factor > threshold;
            if (!dropped) {
                sum += (float) Math.exp(z[j] - m);
            }
        }
        return (float) (1.0 / sum); // exp(z_top - m) = 1
    }

    private static int argMax(float[] z, int excluded) {
        int best = -1;
        for (int i = 0; i < z.length; i++) {
            if (i != excluded && (best < 0 || z[i] > z[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Scores of the experts in the {@code keep} best groups; all others {@code fill}. */
    private static float[] keepGroups(float[] scores, float[] groupScore, int keep, int per, float fill) {
        int[] groups = new int[keep];
        topK(groupScore, groups);
        float[] out = new float[scores.length];
        java.util.Arrays.fill(out, fill);
        for (int g : groups) {
            System.arraycopy(scores, g * per, out, g * per, per);
        }
        return out;
    }

    /** Indices of the {@code ids.length} largest values, descending (equal values: lower index first). */
    static void topK(float[] values, int[] ids) {
        boolean[] taken = new boolean[values.length];
        for (int j = 0; j < ids.length; j++) {
            int best = -1;
            for (int i = 0; i < values.length; i++) {
                if (!taken[i] && (best < 0 || values[i] > values[best])) {
                    best = i;
                }
            }
            taken[best] = true;
            ids[j] = best;
        }
    }

    /** Descending weight; equal weights: larger steered logit first (then lower id). Insertion sort over k. */
    private static void orderByWeight(float[] z, int[] ids, float[] weights) {
        for (int i = 1; i < ids.length; i++) {
            int id = ids[i];
            float w = weights[i];
            int j = i - 1;
            while (j >= 0 && before(w, z[id], id, weights[j], z[ids[j]], ids[j])) {
                ids[j + 1] = ids[j];
                weights[j + 1] = weights[j];
                j--;
            }
            ids[j + 1] = id;
            weights[j + 1] = w;
        }
    }

    private static boolean before(float w, float zw, int id, float w2, float z2, int id2) {
        if (w != w2) {
            return w > w2;
        }
        if (zw != z2) {
            return zw > z2;
        }
        return id < id2;
    }
}
