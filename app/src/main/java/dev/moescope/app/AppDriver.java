package dev.moescope.app;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.CoreBackend;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.common.RenderingDefaults;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * Runs the real app window from code (screenshots, bench-ui): starts the FX toolkit, opens the window
 * with fresh preferences on the given model (null: demo), and offers waits on the FX thread.
 */
public final class AppDriver implements AutoCloseable {
    /** Errors the app reported while driven (instead of dialogs); waits fail on the first one. */
    private static final java.util.List<Throwable> ERRORS = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final AppContext context;
    private final MainWindow window;
    private final Stage stage;

    private AppDriver(AppContext context, MainWindow window, Stage stage) {
        this.context = context;
        this.window = window;
        this.stage = stage;
    }

    /** Opens the app; {@code model}/{@code corpus} null mean the demo ones. Fresh preferences under {@code prefsNode}. */
    public static AppDriver open(Path model, Path corpus, String prefsNode, double width, double height) throws Exception {
        return open(model, corpus, prefsNode, width, height, true);
    }

    /** As {@link #open(Path, Path, String, double, double)}; without {@code start} no model is loaded. */
    public static AppDriver open(Path model, Path corpus, String prefsNode, double width, double height, boolean start)
            throws Exception {
        startToolkit();
        Preferences node = Preferences.userRoot().node(prefsNode);
        try {
            node.clear();
        } catch (BackingStoreException e) {
            // fresh enough: keys are overwritten below
        }
        AppPreferences prefs = new AppPreferences(node);
        if (model != null) {
            prefs.setModelDir(model.toAbsolutePath().toString());
        }
        if (corpus != null) {
            prefs.setCorpus(corpus.toAbsolutePath().toString());
        }
        prefs.setWindow(new AppPreferences.WindowLayout(0, 0, width, height, false));
        Backend backend = new CoreBackend();
        return onFx(() -> {
            AppContext ctx = new AppContext(backend, prefs);
            MainWindow w = new MainWindow(ctx);
            ctx.errorsProperty().set(t -> {
                ERRORS.add(t);
                System.err.println("app error: " + dev.moescope.app.common.ErrorDialog.plainMessage(t));
            });
            Stage s = new Stage();
            w.show(s);
            if (start) {
                ctx.start();
            }
            return new AppDriver(ctx, w, s);
        });
    }

    public static void startToolkit() throws InterruptedException {
        RenderingDefaults.apply();
        CountDownLatch started = new CountDownLatch(1);
        try {
            Platform.startup(started::countDown);
        } catch (IllegalStateException alreadyRunning) {
            started.countDown();
        }
        started.await();
        Platform.setImplicitExit(false);
    }

    public AppContext context() { return context; }
    public MainWindow window() { return window; }
    public Stage stage() { return stage; }

    /** Runs {@code work} on the FX thread and returns its result. */
    public static <T> T onFx(Supplier<T> work) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(work.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    public static void runFx(Runnable r) throws Exception {
        onFx(() -> {
            r.run();
            return null;
        });
    }

    /** Polls {@code condition} on the FX thread until true; fails with {@code what} after the timeout. */
    public static void await(String what, long timeoutMs, BooleanSupplier condition) throws Exception {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            if (!ERRORS.isEmpty()) {
                Throwable t = ERRORS.remove(0);
                throw new IllegalStateException("while waiting for " + what + ": "
                        + dev.moescope.app.common.ErrorDialog.plainMessage(t), t);
            }
            if (onFx(condition::getAsBoolean)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new TimeoutException("timed out after " + timeoutMs / 1000 + " s waiting for " + what);
    }

    /** Lets a few pulses pass so that layout and CSS settle. */
    public static void settle(long ms) throws Exception {
        Thread.sleep(ms);
        runFx(() -> { });
    }

    @Override
    public void close() throws Exception {
        runFx(() -> {
            context.close();
            stage.close();
        });
    }
}
