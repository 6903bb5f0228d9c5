package dev.moescope.app.backend;

import dev.moescope.bridge.CancellationToken;
import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.GenerationOptions;
import dev.moescope.bridge.GenerationResult;
import dev.moescope.bridge.LayerRouting;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.bridge.TextTokenizer;
import dev.moescope.routing.collect.BridgeRoutingSource;
import dev.moescope.routing.experiment.BridgeScoringModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link ModelSession} over the bridge's {@link MoeModel}. The model holds no intervention: each generation
 * passes its own, and collection and scoring go through routing's {@link BridgeRoutingSource} (unsteered by
 * construction) and {@link BridgeScoringModel} (intervention per call), so a steered generation, the baseline,
 * a collection batch and a masking experiment never see each other's steering. Their calls interleave on the
 * bridge's inference thread.
 */
public final class LocalModelSession implements ModelSession {
    private static final boolean DEBUG = Boolean.getBoolean("moescope.debug");
    private final MoeModel model;
    private final ModelInfo info;
    private final Path modelDir;
    private BridgeRoutingSource routingSource;
    private BridgeScoringModel scoringModel;

    /** {@code dir} is what the user chose (null: demo); {@code modelDir} where the files are. */
    public LocalModelSession(MoeModel model, String name, Path dir, String device, Path modelDir) {
        this.model = model;
        this.modelDir = modelDir;
        var c = model.config();
        this.info = new ModelInfo(name, dir, c.modelType(), c.numHiddenLayers(), model.moeLayers(), c.numExperts(),
                c.numExpertsPerTok(), model.execution().streamed()
                        ? device + " · streamed layer by layer (collection only)" : device);
    }

    public MoeModel model() {
        return model;
    }

    /** The collection job's view of this model: unsteered, fingerprinted once; the session closes the model. */
    public synchronized BridgeRoutingSource routingSource() {
        if (routingSource == null) {
            routingSource = new BridgeRoutingSource(model, modelDir, false);
        }
        return routingSource;
    }

    /**
     * Routing's experiments' view of this model: held-out scoring under each call's intervention. The model
     * identity is the collection's (same fingerprint as {@code moescope intervene} computes), so the app and the
     * CLI share cached results.
     */
    public synchronized BridgeScoringModel scoringModel() {
        if (scoringModel == null) {
            scoringModel = new BridgeScoringModel(model, modelDir);
        }
        return scoringModel;
    }

    @Override
    public ModelInfo info() {
        return info;
    }
    @Override
    public List<Piece> tokenize(String text) {
        TextTokenizer tok = model.tokenizer();
        int[] ids = tok.encode(text);
        return pieces(tok, ids);
    }

    /**
     * Decoded text per token: the growth of the decoded prefix. A token that ends inside a UTF-8
     * character adds nothing yet (empty text); the token that completes it carries the character.
     */
    static List<Piece> pieces(TextTokenizer tok, int[] ids) {
        List<Piece> out = new ArrayList<>(ids.length);
        String prev = "";
        for (int i = 0; i < ids.length; i++) {
            String cur = tok.decode(Arrays.copyOf(ids, i + 1));
            while (cur.endsWith("\uFFFD")) {
                cur = cur.substring(0, cur.length() - 1);
            }
            out.add(new Piece(ids[i], cur.startsWith(prev) ? cur.substring(prev.length()) : tok.tokenText(ids[i])));
            prev = cur;
        }
        return out;
    }

    @Override
    public Routing route(String text) {
        TextTokenizer tok = model.tokenizer();
        int[] ids = tok.encode(text);
        if (ids.length == 0) {
            return new Routing(List.of(), new int[0][][]);
        }
        ForwardResult r = model.forward(ids, ForwardOptions.trace());
        List<LayerRouting> layers = r.trace().layers();
        int[][][] topk = new int[layers.size()][][];
        for (int l = 0; l < layers.size(); l++) {
            topk[l] = layers.get(l).topkIds();
        }
        return new Routing(pieces(tok, ids), topk);
    }

    @Override
    public Generation generate(String prompt, RouterIntervention steering, GenerationOptions options, TokenSink sink) {
        long created = System.nanoTime();
        CancellationToken cancel = new CancellationToken();
        // a neutral intervention (zero biases, lambda 0) cannot change routing: run it as the plain model does
        RouterIntervention iv = steering.isNeutral() ? RouterIntervention.NONE : steering;
        int[] ids = model.tokenizer().encode(prompt);
        if (ids.length == 0) {
            throw new IllegalArgumentException("the prompt is empty: type some text to continue");
        }
        long[] times = {0, 0}; // start on the inference thread, first token
        CompletableFuture<Generation.Outcome> done = model.generateAsync(ids,
                options.withoutRouting(), iv, (id, text, index) -> {
                    if (index == 0) {
                        times[1] = System.nanoTime();
                    }
                    sink.onToken(index, id, text);
                }, cancel).thenApply(r -> {
                    if (DEBUG) {
                        System.err.printf("generate: first token after %.1f ms, total %.1f ms, %d tokens%n",
                                (times[1] - created) / 1e6, (System.nanoTime() - created) / 1e6, r.tokens().length);
                    }
                    return new Generation.Outcome(Arrays.stream(r.tokens()).boxed().toList(), r.text(), r.cancelled());
                });
        return new Generation() {
            @Override
            public void cancel() {
                cancel.cancel();
            }

            @Override
            public CompletableFuture<Outcome> done() {
                return done;
            }
        };
    }

    @Override
    public void close() {
        // like the queued work before it, closing waits for the inference thread: keep it off the caller's thread
        Thread closer = new Thread(model::close, "moescope-model-close");
        closer.setDaemon(true);
        closer.start();
    }
}
