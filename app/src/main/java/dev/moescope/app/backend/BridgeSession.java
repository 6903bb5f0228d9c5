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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A {@link ModelSession} over the bridge's {@link MoeModel}. The model's routing intervention is one
 * global setting, so every use goes through a single "gate" thread that sets the intervention and then
 * waits for the bridge's inference thread: a steered generation, the baseline and a collection batch
 * never see each other's steering.
 */
public final class BridgeSession implements ModelSession {
    private static final boolean DEBUG = Boolean.getBoolean("moescope.debug");
    private final MoeModel model;
    private final ModelInfo info;
    private final ExecutorService gate;
    private final Path modelDir;
    private SessionRoutingSource routingSource;
    private SessionScoringModel scoringModel;

    /** {@code dir} is what the user chose (null: demo); {@code modelDir} where the files are. */
    public BridgeSession(MoeModel model, String name, Path dir, String device, Path modelDir) {
        this.model = model;
        this.modelDir = modelDir;
        var c = model.config();
        this.info = new ModelInfo(name, dir, c.modelType(), c.numHiddenLayers(), model.moeLayers(), c.numExperts(),
                c.numExpertsPerTok(), device);
        this.gate = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "moescope-model-gate");
            t.setDaemon(true);
            return t;
        });
    }

    public MoeModel model() {
        return model;
    }

    /** The collection job's view of this model (fingerprinted once). */
    public synchronized SessionRoutingSource routingSource() {
        if (routingSource == null) {
            routingSource = new SessionRoutingSource(this, modelDir);
        }
        return routingSource;
    }

    /** Routing's experiments' view of this model: held-out scoring under an intervention, through the gate. */
    public synchronized SessionScoringModel scoringModel() {
        if (scoringModel == null) {
            scoringModel = new SessionScoringModel(this);
        }
        return scoringModel;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    /** Runs {@code work} on the gate thread with {@code intervention} set, and waits for it. */
    public <T> T withIntervention(RouterIntervention intervention, Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                model.setIntervention(intervention);
                return work.get();
            }, gate).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
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
        ForwardResult r = withIntervention(RouterIntervention.NONE, () -> model.forward(ids, ForwardOptions.trace()));
        List<LayerRouting> layers = r.trace().layers();
        int[][][] topk = new int[layers.size()][][];
        for (int l = 0; l < layers.size(); l++) {
            topk[l] = layers.get(l).topkIds();
        }
        return new Routing(pieces(tok, ids), topk);
    }

    @Override
    public Generation generate(String prompt, SteeringSpec steering, int maxNewTokens, TokenSink sink) {
        long created = System.nanoTime();
        CancellationToken cancel = new CancellationToken();
        RouterIntervention iv = steering.isNone() ? RouterIntervention.NONE : RouterIntervention.parse(steering.toJson());
        int[] ids = model.tokenizer().encode(prompt);
        if (ids.length == 0) {
            throw new IllegalArgumentException("the prompt is empty: type some text to continue");
        }
        CompletableFuture<Generation.Outcome> done = CompletableFuture.supplyAsync(() -> {
            if (cancel.isCancelled()) {
                return new Generation.Outcome(List.of(), "", true);
            }
            long t0 = System.nanoTime();
            model.setIntervention(iv);
            long[] first = {0};
            GenerationResult r = model.generate(ids, GenerationOptions.greedy(maxNewTokens).withoutRouting(), (id, text, index) -> {
                if (index == 0) {
                    first[0] = System.nanoTime();
                }
                sink.onToken(index, id, text);
            }, cancel);
            if (DEBUG) {
                System.err.printf("generate: queued %.1f ms, first token %.1f ms, total %.1f ms, %d tokens%n",
                        (t0 - created) / 1e6, (first[0] - t0) / 1e6, (System.nanoTime() - t0) / 1e6, r.tokens().length);
            }
            return new Generation.Outcome(Arrays.stream(r.tokens()).boxed().toList(), r.text(), r.cancelled());
        }, gate);
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
        gate.submit(model::close);
        gate.shutdown();
    }
}
