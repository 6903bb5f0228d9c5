package dev.moescope.bridge.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import java.util.List;
import java.util.Map;

/**
 * Trains a {@link MoeSpec} model from scratch on byte windows: cross-entropy on the next token plus
 * {@code routerAuxCoef} times the load-balancing loss, AdamW with warm-up and cosine decay, gradient clipping.
 * Deterministic for a seed (weights and batches come from {@code java.util.Random}; the engine is seeded too)
 * with a fixed thread count.
 */
public final class MoeTrainer {

    /** Called every {@code logEvery} steps and at the last one. */
    public interface Progress {
        void report(StepReport report);
    }

    /** Averages since the previous report. */
    public record StepReport(int step, int steps, double loss, double auxLoss, double lr, double gradNorm,
                             double tokensPerSecond, double elapsedSeconds) {
    }

    private final MoeSpec spec;
    private final TrainOptions options;

    public MoeTrainer(MoeSpec spec, TrainOptions options) {
        this.spec = spec;
        this.options = options;
    }

    /** Trains on {@code texts} (language to training segments) and returns the weights, owned by {@code root}. */
    public MoeWeights train(Map<String, List<String>> texts, NDManager root, Progress progress) {
        return train(texts, root, progress, null);
    }

    /**
     * Like {@link #train(Map, NDManager, Progress)}, but continues from {@code initial} (a loaded checkpoint of
     * this spec, updated in place and returned) instead of fresh weights; null starts from scratch. The
     * optimizer state and the schedule start afresh.
     */
    public MoeWeights train(Map<String, List<String>> texts, NDManager root, Progress progress, MoeWeights initial) {
        Engine.getInstance().setRandomSeed((int) options.seed());
        ByteWindowSampler sampler = new ByteWindowSampler(texts, options.seqLen() + 1, options.seed() + 1);
        if (initial != null && !initial.spec().equals(spec)) {
            throw new IllegalArgumentException("initial weights have shape " + initial.spec() + ", expected " + spec);
        }
        MoeWeights weights = initial != null ? initial : MoeWeights.init(spec, options.seed(), root);
        try (AdamW adam = new AdamW(weights, options.weightDecay())) {
            MoeForward forward = new MoeForward(weights);
            long start = System.nanoTime();
            double lossSum = 0;
            double auxSum = 0;
            double normSum = 0;
            int since = 0;
            long tokensSince = 0;
            long sinceNanos = start;
            for (int step = 0; step < options.steps(); step++) {
                int[][] window = sampler.next(options.batch(), options.seqLen() + 1);
                double lr = options.learningRate(step);
                try (NDManager m = root.newSubManager()) {
                    weights.lendTo(m);
                    adam.lendTo(m);
                    float[] losses = step(m, forward, window);
                    normSum += adam.step(m, lr, options.clip());
                    lossSum += losses[0];

                    auxSum += losses[1];
                }
                since++;
                tokensSince += (long) options.batch() * options.seqLen();
                if ((step + 1) % options.logEvery() == 0 || step + 1 == options.steps()) {
                    long now = System.nanoTime();
                    progress.report(new StepReport(step + 1, options.steps(), lossSum / since, auxSum / since, lr,
                            normSum / since, tokensSince / ((now - sinceNanos) / 1e9), (now - start) / 1e9));
                    lossSum = 0;
                    auxSum = 0;
                    normSum = 0;
                    since = 0;
                    tokensSince = 0;
                    sinceNanos = now;
                }
            }
        } catch (RuntimeException e) {
            weights.close();
            throw e;
        }
        return weights;
    }

    /** Forward and backward on one batch; returns {cross-entropy, aux loss}. Gradients are left on the weights. */
    private float[] step(NDManager m, MoeForward forward, int[][] window) {
        int rows = window.length;
        int len = window[0].length - 1;
        int[][] inputs = new int[rows][];
        long[] targets = new long[rows * len];
        for (int r = 0; r < rows; r++) {
            inputs[r] = java.util.Arrays.copyOf(window[r], len);
            for (int t = 0; t < len; t++) {
                targets[r * len + t] = window[r][t + 1];
            }
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            MoeForward.Output out = forward.run(m, inputs);
            NDArray ce = crossEntropy(m, out.logits(), targets);
            NDArray loss = ce.add(out.auxLoss().mul(m.create((float) spec.routerAuxCoef())));
            collector.backward(loss);
            return new float[] {ce.getFloat(), out.auxLoss().getFloat()};
        }
    }

    /** Mean over rows of -log softmax(logits)[target]. */
    static NDArray crossEntropy(NDManager m, NDArray logits, long[] targets) {
        NDArray target = m.create(targets).reshape(targets.length, 1);      // [N, 1]
        return logits.logSoftmax(1).gather(target, 1).mean().neg();         // []
    }
}
