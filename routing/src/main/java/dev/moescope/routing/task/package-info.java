/**
 * Task-level evaluation of interventions and steering, beside held-out bits per byte: multiple-choice accuracy by
 * log-likelihood ({@link dev.moescope.routing.task.ChoiceEvaluator}, Belebele-style records) and generation metrics
 * (exact / substring match, language consistency by Lingua; {@link dev.moescope.routing.task.GenerationEvaluator}).
 * Both are {@link dev.moescope.routing.experiment.InterventionMetric}s, cached in the store's task_results table.
 */
package dev.moescope.routing.task;
