package dev.moescope.app.steering;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Carries tokens from the inference thread to the UI thread in batches: tokens queue up, and at most
 * one task on the UI executor is pending, which hands over everything queued so far.
 */
final class TokenStream {
    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<String>> onFx;
    private final Executor ui;
    private volatile boolean closed;

    TokenStream(Executor ui, Consumer<List<String>> onFx) {
        this.ui = ui;
        this.onFx = onFx;
    }

    /** Called on the inference thread. */
    void push(String text) {
        if (closed) {
            return;
        }
        queue.add(text);
        if (scheduled.compareAndSet(false, true)) {
            ui.execute(this::drain);
        }
    }

    /** Stops delivery: a stale generation's late tokens are dropped. */
    void close() {
        closed = true;
    }

    /** Hands over what is queued now (FX thread); used also when a generation ends. */
    void drain() {
        scheduled.set(false);
        if (closed) {
            queue.clear();
            return;
        }
        List<String> batch = new ArrayList<>();
        for (String t; (t = queue.poll()) != null; ) {
            batch.add(t);
        }
        if (!batch.isEmpty()) {
            onFx.accept(batch);
        }
    }
}
