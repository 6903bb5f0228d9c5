package dev.moescope.bridge;

/** Cancels a running generation from another thread; checked before every decode step. */
public final class CancellationToken {

    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
