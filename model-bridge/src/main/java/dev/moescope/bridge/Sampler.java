package dev.moescope.bridge;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Greedy (temperature 0) or seeded temperature + top-p sampling over one row of logits. */
final class Sampler {

    private final float temperature;
    private final float topP;
    private final SplittableRandom random;

    Sampler(GenerationOptions opts) {
        this.temperature = opts.temperature();
        this.topP = opts.topP();
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
        // nucleus: the smallest prefix (by descending probability) whose mass reaches top-p; at least one token
        int keep = 0;
        double mass = 0;
        while (keep < v && (keep == 0 || mass < topP)) {
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
