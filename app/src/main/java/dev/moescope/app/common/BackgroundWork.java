package dev.moescope.app.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;

/**
 * The app's pool for background work (loading, collection, analyses). Never used for NDArray work:
 * that runs on the model bridge's own inference thread. Results and errors come back on the FX thread.
 */
public final class BackgroundWork implements AutoCloseable {
    private final ExecutorService pool;
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(0);
    private volatile Consumer<Throwable> errorHandler = t -> t.printStackTrace();

    public BackgroundWork() {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "moescope-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Where failures of {@link #run} go when the caller gives no handler (the app shows a dialog). */
    public void setErrorHandler(Consumer<Throwable> handler) {
        this.errorHandler = handler;
    }

    public Consumer<Throwable> errorHandler() {
        return errorHandler;
    }

    /** Number of tasks started here that have not finished yet (for a busy indicator). */
    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** Runs {@code task} on the pool; bookkeeping of {@link #runningProperty()} happens on the FX thread. */
    public <T> Task<T> submit(Task<T> task) {
        inc(1);
        task.stateProperty().addListener((obs, was, is) -> {
            if (is == Worker.State.SUCCEEDED || is == Worker.State.FAILED || is == Worker.State.CANCELLED) {
                inc(-1);
            }
        });
        pool.execute(task);
        return task;
    }

    /** Runs {@code work} off the FX thread and hands its result (or error) back on the FX thread. */
    public <T> Task<T> run(String title, Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        Task<T> task = new Task<>() {
            @Override
            protected T call() {
                updateTitle(title);
                return work.get();
            }
        };
        task.setOnSucceeded(e -> onSuccess.accept(task.getValue()));
        task.setOnFailed(e -> (onError != null ? onError : errorHandler).accept(task.getException()));
        return submit(task);
    }

    private void inc(int d) {
        if (Platform.isFxApplicationThread()) {
            running.set(running.get() + d);
        } else {
            Platform.runLater(() -> running.set(running.get() + d));
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
