/**
 * Collection jobs: batches of corpus samples through a {@link dev.moescope.routing.collect.RoutingSource} (the model
 * bridge in {@link dev.moescope.routing.collect.BridgeRoutingSource}), counting as the paper does: every prompt
 * token of every sample, prefill only, no chat template, BOS off unless asked for. Progress after each committed
 * batch; cancel stops after the batch in flight; a rerun resumes, and samples another run already computed with the
 * same model, intervention and BOS option are copied instead of recomputed.
 */
package dev.moescope.routing.collect;
