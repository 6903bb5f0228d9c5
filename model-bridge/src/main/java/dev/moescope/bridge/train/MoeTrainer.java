package dev.moescope.bridge.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Trains a {@link MoeSpec} model from scratch on token windows (bytes or subwords): cross-entropy on the next token plus
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

    private final Set<String> focus;
    private final double focusShare;
    /** Steps the schedule and the run actually span: {@code options.steps()} unless rescheduled. */
    private final int scheduleSteps;

    public MoeTrainer(MoeSpec spec, TrainOptions options) {
        this(spec, options, Set.of(), 0, options.steps());
    }

    private MoeTrainer(MoeSpec spec, TrainOptions options, Set<String> focus, double focusShare, int scheduleSteps) {
        this.spec = spec;
        this.options = options;
        this.focus = Set.copyOf(focus);
        this.focusShare = focusShare;
        this.scheduleSteps = scheduleSteps;
    }

    /** This trainer, drawing a {@code share} of its rows from the {@code languages} (see {@link WindowSampler}). */
    public MoeTrainer withFocus(Set<String> languages, double share) {
        return new MoeTrainer(spec, options, languages, share, scheduleSteps);
    }

    /**
     * This trainer, ending after {@code steps} instead of {@code options.steps()}: the cosine decay is recomputed
     * over the shorter span (same warm-up, peak and floor), so a run that cannot finish in time still ends with a
     * decayed learning rate. The run keeps its identity ({@code options}) for resuming; a rescheduled resume is no
     * longer bit-identical to a straight run of either length.
     */
    public MoeTrainer rescheduledTo(int steps) {
        if (steps <= options.warmup() || steps > options.steps()) {
            throw new IllegalArgumentException("reschedule to " + steps + " steps: must be after the warm-up ("
                    + options.warmup() + ") and at most the run's " + options.steps());
        }
        return new MoeTrainer(spec, options, focus, focusShare, steps);
    }

    /**
     * Where and how often a run keeps checkpoints ({@link TrainingCheckpoint}).
     *
     * @param dir       the run folder
     * @param every     save after every this many steps (and always after the last step run)
     * @param stopAfter stop after this step (0: run all {@code steps}); the schedule still spans all of them
     * @param resume    continue from the newest checkpoint in {@code dir} (it must exist); when false,
     *                  {@code dir} must hold none
     */
    public record Checkpointing(Path dir, int every, int stopAfter, boolean resume) {
        public Checkpointing {
            if (every < 1 || stopAfter < 0) {
                throw new IllegalArgumentException("checkpoint every " + every + " steps, stop after " + stopAfter);
            }
        }
    }

    /** Trains on {@code texts} (language to training segments, as bytes) and returns the weights, owned by {@code root}. */
    public MoeWeights train(Map<String, List<String>> texts, NDManager root, Progress progress) {
        return train(texts, root, progress, null);
    }

    /**
     * Like {@link #train(Map, NDManager, Progress)}, but continues from {@code initial} (a loaded checkpoint of
     * this spec, updated in place and returned) instead of fresh weights; null starts from scratch. The
     * optimizer state and the schedule start afresh.
     */
    public MoeWeights train(Map<String, List<String>> texts, NDManager root, Progress progress, MoeWeights initial) {
        return trainStreams(WindowSampler.byteStreams(texts), root, progress, initial, null);
    }

    /**
     * Trains on token streams (language to ids, see {@link WindowSampler}). With {@code checkpointing}, saves
     * model and optimizer state periodically and, when asked, resumes from the newest checkpoint so that the
     * result is bit-identical to an uninterrupted run (same weights, moments, update count and sampler draws).
     */
    public MoeWeights trainStreams(Map<String, int[]> streams, NDManager root, Progress progress, MoeWeights initial,
                                   Checkpointing checkpointing) {
        Engine.getInstance().setRandomSeed((int) options.seed());
        int window = options.seqLen() + 1;
        WindowSampler sampler = new WindowSampler(streams, window, options.seed() + 1, focus, focusShare);
        if (initial != null && !initial.spec().equals(spec)) {
            throw new IllegalArgumentException("initial weights have shape " + initial.spec() + ", expected " + spec);
        }
        Optional<TrainingCheckpoint.Saved> saved = checkpointing == null ? Optional.empty()
                : TrainingCheckpoint.latest(checkpointing.dir());
        if (checkpointing != null && checkpointing.resume() && saved.isEmpty()) {
            throw new IllegalArgumentException(checkpointing.dir() + ": no checkpoint to resume from");
        }
        if (checkpointing != null && !checkpointing.resume() && saved.isPresent()) {
            throw new IllegalArgumentException(checkpointing.dir() + " already holds a checkpoint (step "
                    + saved.get().step() + "); resume it or choose another folder");
        }
        int first = 0;
        MoeWeights weights;
        if (saved.isPresent()) {
            if (initial != null) {
                throw new IllegalArgumentException("resume and initial weights exclude each other");
            }
            saved.get().check(spec, options);
            first = saved.get().step();
            weights = MoeWeights.load(spec, saved.get().dir(), root);   // f32, exactly as saved
            sampler.skip(first, options.batch(), window);
        } else {
            weights = initial != null ? initial : MoeWeights.init(spec, options.seed(), root);
        }
        TrainOptions schedule = options.withSteps(scheduleSteps);   // = options unless rescheduled
        int last = checkpointing == null || checkpointing.stopAfter() == 0 ? schedule.steps()
                : Math.min(schedule.steps(), checkpointing.stopAfter());
        try (AdamW adam = new AdamW(weights, options.weightDecay())) {
            if (saved.isPresent()) {
                adam.load(saved.get().dir().resolve("optimizer.safetensors"));
            }
            MoeForward forward = new MoeForward(weights);
            long start = System.nanoTime();
            double lossSum = 0;
            double auxSum = 0;
            double normSum = 0;
            int since = 0;
            long tokensSince = 0;
            long sinceNanos = start;
            for (int step = first; step < last; step++) {
                int[][] batch = sampler.next(options.batch(), window);
                double lr = schedule.learningRate(step);
                try (NDManager m = root.newSubManager()) {
                    weights.lendTo(m);
                    adam.lendTo(m);
                    float[] losses = step(m, forward, batch);
                    normSum += adam.step(m, lr, options.clip());
                    lossSum += losses[0];
                    auxSum += losses[1];
                }
                since++;
                tokensSince += (long) options.batch() * options.seqLen();
                if ((step + 1) % options.logEvery() == 0 || step + 1 == last) {
                    long now = System.nanoTime();
                    progress.report(new StepReport(step + 1, schedule.steps(), lossSum / since, auxSum / since, lr,
                            normSum / since, tokensSince / ((now - sinceNanos) / 1e9), (now - start) / 1e9));
                    lossSum = 0;
                    auxSum = 0;
                    normSum = 0;
                    since = 0;
                    tokensSince = 0;
                    sinceNanos = now;
                }
                if (checkpointing != null && ((step + 1) % checkpointing.every() == 0 || step + 1 == last)) {
                    TrainingCheckpoint.save(checkpointing.dir(), step + 1, weights, adam, options);
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
