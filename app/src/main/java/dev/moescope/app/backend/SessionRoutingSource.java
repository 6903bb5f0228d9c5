package dev.moescope.app.backend;

import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.LayerRouting;
import dev.moescope.bridge.LogitsMode;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.collect.RouterEntropy;
import dev.moescope.routing.collect.RoutingSource;
import dev.moescope.routing.store.LayerTrace;
import dev.moescope.routing.store.ModelFingerprint;
import dev.moescope.routing.store.ModelInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Routing for the collection job from a {@link BridgeSession}: unsteered prefill passes, each batch
 * through the session's gate so that live steering cannot leak into the statistics.
 */
public final class SessionRoutingSource implements RoutingSource {
    private final BridgeSession session;
    private final ModelInfo info;

    SessionRoutingSource(BridgeSession session, Path modelDir) {
        this.session = session;
        var c = session.model().config();
        this.info = new ModelInfo(ModelFingerprint.of(modelDir), modelDir.toString(), c.modelType(), c.numHiddenLayers(),
                session.model().moeLayers(), c.numExperts(), c.numExpertsPerTok());
    }

    @Override
    public ModelInfo modelInfo() {
        return info;
    }

    @Override
    public int[] encode(String text, boolean addBos) {
        int[] ids = session.model().tokenizer().encode(text);
        Integer bos = session.model().tokenizer().bosId();
        if (!addBos || bos == null) {
            return ids;
        }
        int[] out = new int[ids.length + 1];
        out[0] = bos;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    @Override
    public List<List<LayerTrace>> route(List<int[]> batch) {
        List<ForwardResult> results = session.withIntervention(RouterIntervention.NONE,
                () -> session.model().forwardBatch(batch, new ForwardOptions(true, LogitsMode.NONE)));
        List<List<LayerTrace>> out = new ArrayList<>(results.size());
        for (ForwardResult r : results) {
            List<LayerTrace> layers = new ArrayList<>();
            for (LayerRouting l : r.trace().layers()) {
                layers.add(new LayerTrace(l.layer(), l.topkIds(), l.topkWeights(), RouterEntropy.perToken(l.routerLogits())));
            }
            out.add(layers);
        }
        return out;
    }
}
