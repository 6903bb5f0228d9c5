package dev.moescope.bridge.train;

/**
 * Hyper-parameters of a training run.
 *
 * @param steps        optimizer steps
 * @param batch        sequences per step
 * @param seqLen       tokens per sequence (the model sees seqLen inputs and predicts seqLen next tokens)
 * @param lr           peak learning rate
 * @param minLrRatio   final learning rate as a fraction of the peak (cosine decay)
 * @param warmup       linear warm-up steps
 * @param weightDecay  AdamW decoupled weight decay on matrices
 * @param clip         global gradient-norm clip (0: none)
 * @param seed         seeds the weight init, the batch sampler and the engine
 * @param logEvery     report the loss every this many steps
 */
public record TrainOptions(int steps, int batch, int seqLen, double lr, double minLrRatio, int warmup,
                           double weightDecay, double clip, long seed, int logEvery) {

    public TrainOptions {
        if (steps < 1 || batch < 1 || seqLen < 2 || lr <= 0 || warmup < 0 || logEvery < 1) {
            throw new IllegalArgumentException("invalid training options: " + this);
        }
    }

    /** The demo run (see TRAINING.md of the demo model). */
    public static TrainOptions demo(int steps, long seed) {
        return new TrainOptions(steps, 16, 192, 3e-3, 0.1, Math.min(100, Math.max(1, steps / 20)), 0.1, 1.0, seed, 25);
    }

    public TrainOptions withSteps(int n) {
        return new TrainOptions(n, batch, seqLen, lr, minLrRatio, warmup, weightDecay, clip, seed, logEvery);
    }

    public TrainOptions withLogEvery(int n) {
        return new TrainOptions(steps, batch, seqLen, lr, minLrRatio, warmup, weightDecay, clip, seed, n);
    }

    /** Linear warm-up to {@code lr}, then cosine decay to {@code lr * minLrRatio} at the last step. */
    public double learningRate(int step) {
        if (step < warmup) {
            return lr * (step + 1) / warmup;
        }
        double progress = steps - warmup <= 1 ? 1.0 : (double) (step - warmup) / (steps - warmup - 1);
        double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
        return lr * (minLrRatio + (1 - minLrRatio) * cosine);
    }
}
