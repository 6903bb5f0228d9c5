/**
 * Collection jobs: batches of corpus samples through a {@link dev.moescope.routing.collect.RoutingSource} (the model
 * bridge in {@link dev.moescope.routing.collect.BridgeRoutingSource}), counting as the paper's recorder does: every
 * prompt token of every sample, prefill only, padding excluded, BOS off unless asked for. The paper renders each
 * prompt with the model's chat template first ({@code apply_chat_template(..., add_generation_prompt=True,
 * enable_thinking=False)}); a sample here is routed as stored unless its run records a prompt format. Progress after each committed
 * batch; cancel stops after the batch in flight; a rerun resumes, and samples another run already computed with the
 * same model, intervention and BOS option are copied instead of recomputed.
 */
package dev.moescope.routing.collect;
