package dev.moescope.app.testing;

import dev.moescope.app.backend.Generation;
import dev.moescope.app.backend.ModelInfo;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.app.backend.TokenSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A deterministic stand-in model: unsteered output is "b0 b1 b2 ...", a steered one replaces tokens
 * from index 2 on with "s<i>" (so exactly those differ). Generations run one at a time on one thread,
 * a few ms per token, and honour cancellation, like the real session; with 0 ms per token a generation runs to its
 * end on the caller's thread before {@code generate} returns (for view-model tests that wait on nothing).
 */
public final class FakeSession implements ModelSession {
    public final List<RouterIntervention> generations = new CopyOnWriteArrayList<>();
    /** The decoding options of each generation, in order. */
    public final List<dev.moescope.bridge.GenerationOptions> options = new CopyOnWriteArrayList<>();
    public final List<Boolean> cancelled = new CopyOnWriteArrayList<>();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fake-inference");
        t.setDaemon(true);
        return t;
    });
    private final ModelInfo info;
    private final long msPerToken;

    public FakeSession(long msPerToken) {
        this(msPerToken, new ModelInfo("fake", null, "fake_moe", 6, List.of(1, 2, 3, 4), 8, 2, "CPU"));
    }

    public FakeSession(long msPerToken, ModelInfo info) {
        this.msPerToken = msPerToken;
        this.info = info;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public List<Piece> tokenize(String text) {
        List<Piece> out = new ArrayList<>();
        for (String w : text.split("(?<= )")) {
            out.add(new Piece(w.hashCode() & 0xff, w));
        }
        return out;
    }

    @Override
    public Routing route(String text) {
        List<Piece> pieces = tokenize(text);
        int[][][] ids = new int[info.moeLayers().size()][pieces.size()][2];
        for (int l = 0; l < ids.length; l++) {
            for (int t = 0; t < pieces.size(); t++) {
                ids[l][t] = new int[] {(pieces.get(t).id() + l) % 8, (pieces.get(t).id() + l + 1) % 8};
            }
        }
        return new Routing(pieces, ids);
    }

    @Override
    public Generation generate(String prompt, RouterIntervention steering, dev.moescope.bridge.GenerationOptions opts,
                               TokenSink sink) {
        generations.add(steering);
        options.add(opts);
        int maxNewTokens = opts.maxNewTokens();
        AtomicBoolean cancel = new AtomicBoolean();
        CompletableFuture<Generation.Outcome> done = CompletableFuture.supplyAsync(() -> {
            List<Integer> ids = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < maxNewTokens; i++) {
                if (cancel.get()) {
                    cancelled.add(true);
                    return new Generation.Outcome(ids, text.toString(), true);
                }
                sleep(msPerToken);
                String t = steering.isNeutral() || i < 2 ? " b" + i : " s" + i;
                ids.add(i);
                text.append(t);
                sink.onToken(i, i, t);
            }
            cancelled.add(false);
            return new Generation.Outcome(ids, text.toString(), false);
        }, msPerToken == 0 ? Runnable::run : thread); // 0 ms per token: done before generate returns
        return new Generation() {
            @Override public void cancel() { cancel.set(true); }
            @Override public CompletableFuture<Outcome> done() { return done; }
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
