package dev.moescope.app.common;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;

/**
 * The app's pool for background work (loading, collection, analyses) and the UI executor its results come back
 * on. Never used for NDArray work: that runs on the model bridge's own inference thread.
 *
 * <p>The app uses a pool of two threads and the FX thread ({@link #BackgroundWork()}); tests use {@link #direct()},
 * which runs the work and hands back its result on the calling thread, so a view-model's test waits on nothing.
 */
public final class BackgroundWork implements AutoCloseable {
    private final Executor pool;
    private final Executor ui;
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(0);
    private volatile Consumer<Throwable> errorHandler = t -> t.printStackTrace();

    /** Work on a pool of two daemon threads, results on the FX thread. */
    public BackgroundWork() {
        this(pool(), BackgroundWork::onFx);
    }

    /** Work on {@code pool}, results, errors and progress on {@code ui}. */
    public BackgroundWork(Executor pool, Executor ui) {
        this.pool = pool;
        this.ui = ui;
    }

    /** Work and results inline on the caller's thread (tests: everything has happened when a call returns). */
    public static BackgroundWork direct() {
        return new BackgroundWork(Runnable::run, Runnable::run);
    }

    private static ExecutorService pool() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "moescope-work-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    /** Where failures of {@link #run} go when the caller gives no handler (the app shows a dialog). */
    public void setErrorHandler(Consumer<Throwable> handler) {
        this.errorHandler = handler;
    }

    public Consumer<Throwable> errorHandler() {
        return errorHandler;
    }

    /** The executor that owns the view-models' state: progress from background work is handed over through it. */
    public Executor ui() {
        return ui;
    }

    /** Number of tasks started here that have not finished yet (for a busy indicator). Changes on {@link #ui()}. */
    public ReadOnlyIntegerProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /**
     * Runs {@code work} off the UI thread and hands its result (or error) back on {@link #ui()}. {@code title} names
     * the work in error messages.
     */
    public <T> void run(String title, Supplier<T> work, Consumer<T> onSuccess, Consumer<Throwable> onError) {
        ui.execute(() -> running.set(running.get() + 1));
        pool.execute(() -> {
            T value;
            try {
                value = work.get();
            } catch (Throwable t) {
                ui.execute(() -> {
                    running.set(running.get() - 1);
                    (onError != null ? onError : errorHandler).accept(t);
                });
                return;
            }
            ui.execute(() -> {
                running.set(running.get() - 1);
                onSuccess.accept(value);
            });
        });
    }

    @Override
    public void close() {
        if (pool instanceof ExecutorService s) {
            s.shutdownNow();
        }
    }
}
