/**
 * Collection jobs: batches of corpus samples through a {@link dev.moescope.routing.collect.RoutingSource} (the model
 * bridge in {@link dev.moescope.routing.collect.BridgeRoutingSource}), counting as the paper does: every prompt
 * token of every sample, prefill only, BOS off unless asked for. The sample text is the string to route: the paper
 * rendered its prompts with the model's chat template ({@code apply_chat_template(..., add_generation_prompt=True,
 * enable_thinking=False)}), which {@link dev.moescope.routing.prompt.PromptRenderer} reproduces before collection;
 * raw text is the default. Progress after each committed
 * batch; cancel stops after the batch in flight; a rerun resumes, and samples another run already computed with the
 * same model, intervention and BOS option are copied instead of recomputed.
 */
package dev.moescope.routing.collect;
