package dev.moescope.app.backend;

import dev.moescope.bridge.RouterIntervention;
import java.util.List;

/**
 * The app's view of a loaded model. Implementations run all tensor work on the model bridge's single
 * inference thread; every method here is safe to call from the FX thread (none blocks on inference
 * except {@link #tokenize} and {@link #route}, which callers run in background work).
 */
public interface ModelSession extends AutoCloseable {

    /** A token of a text: its id and its decoded text (never byte ids). */
    record Piece(int id, String text) {}

    /** Per token, per MoE layer (in {@link ModelInfo#moeLayers()} order), the top-k expert ids. */
    record Routing(List<Piece> pieces, int[][][] topkIds) {}

    ModelInfo info();

    List<Piece> tokenize(String text);

    /** One forward pass over {@code text}, returning the routing of every token. */
    Routing route(String text);

    /**
     * Generation from {@code prompt} under {@code steering} ({@link RouterIntervention#NONE}: the baseline) with the
     * decoding {@code options} (greedy or seeded sampling; routing is not captured); tokens stream to {@code sink}.
     * The intervention applies to this call only.
     */
    Generation generate(String prompt, RouterIntervention steering, dev.moescope.bridge.GenerationOptions options, TokenSink sink);

    @Override
    void close();
}
