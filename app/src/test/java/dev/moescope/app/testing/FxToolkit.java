package dev.moescope.app.testing;

import dev.moescope.app.AppDriver;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javafx.application.Platform;

/** Starts the JavaFX toolkit once (headless Monocle under surefire) and runs code on its thread. */
public final class FxToolkit {
    private static boolean started;

    private FxToolkit() {}

    public static synchronized void start() throws InterruptedException {
        if (started) {
            return;
        }
        java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
        try {
            Platform.startup(latch::countDown);
        } catch (IllegalStateException already) {
            latch.countDown();
        }
        latch.await();
        Platform.setImplicitExit(false);
        started = true;
    }

    /** Runs {@code work} on the FX thread and returns its result (the app driver's helper). */
    public static <T> T fx(Supplier<T> work) throws Exception {
        return AppDriver.onFx(work);
    }

    public static void run(Runnable r) throws Exception {
        AppDriver.runFx(r);
    }

    /** Polls on the FX thread until true, or fails after {@code ms}. */
    public static void await(String what, long ms, BooleanSupplier cond) throws Exception {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            if (fx(cond::getAsBoolean)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
