package dev.moescope.app.backend;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A running generation: cancel it, or wait for its end. */
public interface Generation {
    /** The outcome once generation stops: the new token ids and whether it was cancelled. */
    record Outcome(List<Integer> tokenIds, String text, boolean cancelled) {}

    void cancel();

    CompletableFuture<Outcome> done();
}
