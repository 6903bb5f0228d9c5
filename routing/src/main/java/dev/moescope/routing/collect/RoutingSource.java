package dev.moescope.routing.collect;

import dev.moescope.routing.store.LayerTrace;
import dev.moescope.routing.store.ModelInfo;

import java.util.List;

/**
 * Where routing comes from: a model that tokenizes text and runs a prefill forward pass recording the router
 * decisions. {@link BridgeRoutingSource} wraps the real model; tests use deterministic fakes.
 */
public interface RoutingSource {
    ModelInfo modelInfo();

    /** Token ids of a text (already rendered, see PromptRenderer), optionally with the BOS token first. */
    int[] encode(String text, boolean addBos);

    /** One prefill pass over each input; per input, one {@link LayerTrace} per MoE layer, ascending. */
    List<List<LayerTrace>> route(List<int[]> batch);
}
