package dev.moescope.bridge;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Greedy (temperature 0) or seeded sampling over one row of logits. Order as HF's logits processors and warpers:
 * repetition penalty and n-gram blocking on the raw logits (they see the prompt and the generated tokens), then
 * temperature, top-k, and top-p over the probabilities renormalised to the top k (also vLLM's order).
 */
final class Sampler {

    private final float temperature;
    private final float topP;
    private final int topK;
    private final float repetitionPenalty;
    private final int noRepeatNgram;
    private final SplittableRandom random;

    Sampler(GenerationOptions opts) {
        this.temperature = opts.temperature();
        this.topP = opts.topP();
        this.topK = opts.topK();
        this.repetitionPenalty = opts.repetitionPenalty();
        this.noRepeatNgram = opts.noRepeatNgram();
        this.random = new SplittableRandom(opts.seed());
    }

    /** Without a context: the repetition penalty and n-gram blocking have nothing to act on. */
    int next(float[] logits) {
        return next(logits, new int[0], 0);
    }

    /**
     * The next token after {@code context[0, length)} (prompt + generated ids). {@code logits} [V] is left as it is.
     */
    int next(float[] logits, int[] context, int length) {
        if (repetitionPenalty != 1f || noRepeatNgram > 0) {
            logits = logits.clone();
            penalizeRepetitions(logits, context, length, repetitionPenalty);
            blockRepeatedNgrams(logits, context, length, noRepeatNgram);
        }
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

    /**
     * HF's RepetitionPenaltyLogitsProcessor: once per distinct id seen, logit / penalty when positive, else
     * logit * penalty (so a penalty above 1 always makes a seen token less likely).
     */
    static void penalizeRepetitions(float[] logits, int[] context, int length, float penalty) {
        if (penalty == 1f) {
            return;
        }
        boolean[] seen = new boolean[logits.length];
        for (int i = 0; i < length; i++) {
            int id = context[i];
            if (id >= 0 && id < logits.length && !seen[id]) {
                seen[id] = true;
                logits[id] = logits[id] > 0 ? logits[id] / penalty : logits[id] * penalty;
            }
        }
    }

    /**
     * HF's NoRepeatNGramLogitsProcessor: every token that would complete an n-gram already in the context gets
     * -infinity. If that bans every token, nothing is banned (the sampler must return something).
     */
    static void blockRepeatedNgrams(float[] logits, int[] context, int length, int n) {
        if (n <= 0 || length + 1 < n) {
            return;
        }
        int prefixStart = length - (n - 1); // the last n-1 tokens, which the next one would extend
        java.util.BitSet banned = new java.util.BitSet(logits.length);
        for (int start = 0; start + n <= length; start++) {
            boolean same = true;
            for (int j = 0; j < n - 1 && same; j++) {
                same = context[start + j] == context[prefixStart + j];
            }
            int next = context[start + n - 1];
            if (same && next >= 0 && next < logits.length) {
                banned.set(next);
            }
        }
        if (banned.cardinality() == logits.length) {
            return;
        }
        for (int id = banned.nextSetBit(0); id >= 0; id = banned.nextSetBit(id + 1)) {
            logits[id] = Float.NEGATIVE_INFINITY;
        }
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
