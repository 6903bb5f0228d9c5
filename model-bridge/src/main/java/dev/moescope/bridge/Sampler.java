package dev.moescope.bridge;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Greedy (temperature 0) or seeded sampling over one row of logits: temperature, then top-k, then top-p over the
 * probabilities renormalised to the top k (the order of vLLM's sampler and of HF's logits warpers).
 */
final class Sampler {

    private final float temperature;
    private final float topP;
    private final int topK;
    private final SplittableRandom random;

    Sampler(GenerationOptions opts) {
        this.temperature = opts.temperature();
        this.topP = opts.topP();
        this.topK = opts.topK();
        this.random = new SplittableRandom(opts.seed());
    }

    int next(float[] logits) {
        if (temperature == 0f) {
            return argmax(logits);
        }
        int v = logits.length;
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l / temperature);
        }
        double[] p = new double[v];
        double sum = 0;
        for (int i = 0; i < v; i++) {
            p[i] = Math.exp(logits[i] / temperature - max);
            sum += p[i];
        }
        Integer[] order = new Integer[v];
        for (int i = 0; i < v; i++) {
            order[i] = i;
            p[i] /= sum;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
        int candidates = topK == 0 ? v : Math.min(topK, v);
        double kept = 0; // mass of the top-k candidates: top-p applies to p / kept
        for (int i = 0; i < candidates; i++) {
            kept += p[order[i]];
        }
        // nucleus: the smallest prefix (by descending probability) whose renormalised mass reaches top-p; at least one token
        int keep = 0;
        double mass = 0;
        while (keep < candidates && (keep == 0 || mass < topP * kept)) {
            mass += p[order[keep]];
            keep++;
        }
        double u = random.nextDouble() * mass;
        double acc = 0;
        for (int i = 0; i < keep; i++) {
            acc += p[order[i]];
            if (u < acc) {
                return order[i];
            }
        }
        return order[keep - 1];
    }

    /** The first index of the maximum, as torch.argmax. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }
}
