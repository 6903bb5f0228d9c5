/**
 * Interventions on a loaded model, measured in bits per byte of held-out text
 * ({@link dev.moescope.routing.experiment.HeldoutEvaluator}, cached in the store):
 * masking the experts exclusive to a language or the shared ones in bands of MoE layers
 * ({@link dev.moescope.routing.experiment.MaskingExperiment}), and steering the router with
 * z' = z + lambda * s * |z| for coefficients from the classification
 * ({@link dev.moescope.routing.experiment.SteeringPlan}, {@link dev.moescope.routing.experiment.SteeringSweep}).
 */
package dev.moescope.routing.experiment;
