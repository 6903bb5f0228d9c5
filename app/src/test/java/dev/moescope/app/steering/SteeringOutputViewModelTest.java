package dev.moescope.app.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.backend.Generation;
import dev.moescope.app.backend.ModelInfo;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.app.backend.TokenSink;
import dev.moescope.bridge.GenerationOptions;
import dev.moescope.bridge.RouterIntervention;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The output view-model on a session whose generations the test drives by hand (tokens and ends arrive when the test
 * says), with a direct UI executor: no thread, no waiting.
 */
class SteeringOutputViewModelTest {

    /** A generation the test feeds. */
    static final class Held implements Generation {
        final RouterIntervention steering;
        final TokenSink sink;
        final CompletableFuture<Outcome> done = new CompletableFuture<>();
        boolean cancelled;
        int n;

        Held(RouterIntervention steering, TokenSink sink) {
            this.steering = steering;
            this.sink = sink;
        }

        void tokens(String... texts) {
            for (String t : texts) {
                sink.onToken(n, n++, t);
            }
        }

        void end() {
            done.complete(new Outcome(List.of(), "", cancelled));
        }

        @Override public void cancel() { cancelled = true; }
        @Override public CompletableFuture<Outcome> done() { return done; }
    }

    static final class HeldSession implements ModelSession {
        final List<Held> runs = new ArrayList<>();

        @Override public ModelInfo info() { return new ModelInfo("held", null, "fake_moe", 2, List.of(0, 1), 4, 2, "CPU"); }
        @Override public List<Piece> tokenize(String text) { return List.of(); }
        @Override public Routing route(String text) { return new Routing(List.of(), new int[0][][]); }
        @Override public Generation generate(String prompt, RouterIntervention steering, GenerationOptions options, TokenSink sink) {
            Held h = new Held(steering, sink);
            runs.add(h);
            return h;
        }
        @Override public void close() { }
    }

    private final List<Throwable> errors = new ArrayList<>();
    private final SteeringOutputViewModel vm = new SteeringOutputViewModel(Runnable::run, errors::add);
    private final HeldSession session = new HeldSession();
    private final RouterIntervention steer = RouterIntervention.scaled(0.5, Map.of(0, Map.of(1, 1.0)));
    private final GenerationOptions opts = new GenerationOptions(8, 0.8f, 0.9f, 0, false).withRepetitionPenalty(1.3f);

    @Test
    void aNewRunCancelsTheStaleSteeredOneAndDropsItsLateTokens() {
        vm.run(session, "p", steer, opts, null, null);
        Held baseline = session.runs.get(0);
        Held first = session.runs.get(1);
        baseline.tokens(" the", " right", " to", " work");
        baseline.end();
        first.tokens(" the", " duty");
        vm.run(session, "p", RouterIntervention.scaled(0.9, Map.of(0, Map.of(1, 1.0))), opts, null, null);
        assertEquals(3, session.runs.size(), "same prompt and options: the baseline is kept");
        assertTrue(first.cancelled, "the stale steered generation was cancelled");
        Held second = session.runs.get(2);
        first.tokens(" late");
        first.end();
        assertTrue(vm.generatingProperty().get(), "the stale end does not end the current run");
        second.tokens(" the", " right", " to", " rest");
        second.end();
        assertEquals(List.of(" the right to work", " the right to rest"), vm.texts());
        assertEquals(List.of(new TextDiff.Span(" the right to ", false), new TextDiff.Span("rest", true)),
                vm.diffProperty().get().steered());
        assertEquals("1 of 4 words differ", vm.statusProperty().get());
        assertFalse(vm.generatingProperty().get());
        assertEquals(List.of(" the", " right", " to", " rest"), vm.steeredChips().stream().map(ChipPair.Chip::text).toList());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void otherDecodingOptionsRegenerateTheBaselineToo() {
        vm.run(session, "p", steer, opts, null, null);
        vm.run(session, "p", steer, opts.withSeed(5), null, null);
        assertEquals(4, session.runs.size());
        assertTrue(session.runs.get(0).cancelled, "the old baseline");
        assertEquals(RouterIntervention.NONE, session.runs.get(2).steering, "a new baseline, unsteered");
    }

    @Test
    void theOldSteeredTextStaysUntilTheNewOnesFirstToken() {
        vm.run(session, "p", steer, opts, null, null);
        session.runs.get(0).tokens(" a");
        session.runs.get(1).tokens(" b");
        vm.run(session, "p", steer, opts.withRepetitionPenalty(1.1f), "Not steering: test", "notice");
        assertEquals(" b", vm.texts().get(1), "kept on screen while the new run starts");
        assertEquals("Not steering: test", vm.statusProperty().get());
        session.runs.get(3).tokens(" c");
        session.runs.get(3).end();
        assertEquals(" c", vm.texts().get(1));
        assertEquals("notice · Not steering: test", vm.statusProperty().get());
    }
}
