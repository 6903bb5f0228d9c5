package dev.moescope.routing.experiment;

import dev.moescope.bridge.RouterIntervention;

import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * One number per evaluated language under an intervention, cached in the store: held-out bits per byte
 * ({@link HeldoutEvaluator}) or a task-level metric ({@link dev.moescope.routing.task.ChoiceEvaluator},
 * {@link dev.moescope.routing.task.GenerationEvaluator}). Masking and steering experiments report any of them.
 */
public interface InterventionMetric {
    /** Short name as the CLI writes it, e.g. "bpb" or "mc-accuracy". */
    String name();

    /** Whether a larger value is better (accuracy) or worse (bits per byte). */
    boolean higherIsBetter();

    /** Evaluated languages, in input order. */
    List<String> languages();

    /** Evaluated samples (texts, task records) over all languages. */
    int sampleCount();

    /** Evaluated samples per language, in input order. */
    Map<String, Integer> samplesPerLanguage();

    /** Samples the model actually scored so far (cache hits score none). */
    int scoredSamples();

    /**
     * The metric per language in {@link #languages()} order under the intervention ({@link RouterIntervention#NONE} for none),
     * computed only where not cached; {@code samplesDone} hears of every batch and may throw to cancel.
     */
    double[] values(RouterIntervention intervention, IntConsumer samplesDone);
}
