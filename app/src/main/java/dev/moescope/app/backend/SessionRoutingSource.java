package dev.moescope.app.backend;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.collect.BridgeRoutingSource;
import dev.moescope.routing.collect.RoutingSource;
import dev.moescope.routing.store.LayerTrace;
import dev.moescope.routing.store.ModelInfo;
import java.nio.file.Path;
import java.util.List;

/**
 * Routing for the collection job from a {@link BridgeSession}: the routing module's
 * {@link BridgeRoutingSource} over the session's model (the same encoding, windows of at most 512 tokens
 * and trace conversion as {@code moescope collect}), each batch run through the session's gate without
 * intervention so that live steering cannot leak into the statistics.
 */
public final class SessionRoutingSource implements RoutingSource {
    private final BridgeSession session;
    private final BridgeRoutingSource source; // does not own the model: the session closes it

    SessionRoutingSource(BridgeSession session, Path modelDir) {
        this.session = session;
        this.source = new BridgeRoutingSource(session.model(), modelDir, false);
    }

    @Override
    public ModelInfo modelInfo() {
        return source.modelInfo();
    }

    @Override
    public int[] encode(String text, boolean addBos) {
        return source.encode(text, addBos);
    }

    @Override
    public List<List<LayerTrace>> route(List<int[]> batch) {
        return session.withIntervention(RouterIntervention.NONE, () -> source.route(batch));
    }
}
