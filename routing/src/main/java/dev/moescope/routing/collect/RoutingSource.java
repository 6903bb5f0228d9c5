package dev.moescope.routing.collect;

import dev.moescope.routing.store.LayerTrace;
import dev.moescope.routing.store.ModelInfo;
import dev.moescope.routing.store.PendingSample;
import dev.moescope.routing.store.RunContent;
import dev.moescope.routing.store.SampleTrace;

import java.util.ArrayList;
import java.util.List;

/**
 * Where routing comes from: a model that tokenizes text and runs a prefill forward pass recording the router
 * decisions. {@link BridgeRoutingSource} wraps the real model, {@code dev.moescope.routing.remote.RemoteRoutingSource}
 * a vLLM or SGLang server; tests use deterministic fakes.
 */
public interface RoutingSource {
    ModelInfo modelInfo();

    /** Token ids of a text (already rendered, see PromptRenderer), optionally with the BOS token first. */
    int[] encode(String text, boolean addBos);

    /** One prefill pass over each input; per input, one {@link LayerTrace} per MoE layer, ascending. */
    List<List<LayerTrace>> route(List<int[]> batch);

    /** What a run from this source holds: full traces locally, expert ids only from a remote engine. */
    default RunContent content() {
        return RunContent.TRACES;
    }

    /** Where the routing comes from (a server URL), or null for the local bridge; part of the run identity. */
    default String location() {
        return null;
    }

    /**
     * Tokenizes and routes one batch of samples (no store access). The default encodes each text and calls
     * {@link #route}; a remote source overrides it to send the samples' text.
     */
    default List<SampleTrace> routeSamples(List<PendingSample> batch, boolean addBos) {
        List<int[]> inputs = new ArrayList<>(batch.size());
        for (PendingSample s : batch) {
            int[] ids = encode(s.text(), addBos);
            if (ids.length == 0) {
                throw new IllegalArgumentException("sample " + s.lang() + "/" + s.segmentId() + ": encodes to no tokens");
            }
            inputs.add(ids);
        }
        List<List<LayerTrace>> traces = route(inputs);
        List<SampleTrace> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(new SampleTrace(batch.get(i).sampleId(), batch.get(i).lang(), inputs.get(i), traces.get(i)));
        }
        return out;
    }
}
