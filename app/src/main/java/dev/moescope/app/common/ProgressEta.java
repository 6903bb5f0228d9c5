package dev.moescope.app.common;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Done of total, and the time left at the rate seen since the first report (plain Java, no JavaFX; the app's
 * long jobs and the CLI's progress bar share it). The first report is the baseline, so work that was done at
 * once (cached conditions, samples of an earlier session) does not make the estimate optimistic.
 */
public final class ProgressEta {
    private final LongSupplier nanos;
    private long startNanos = -1;
    private long startDone;

    public ProgressEta() {
        this(System::nanoTime);
    }

    /** @param nanos the clock (tests pass a fake one) */
    public ProgressEta(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /** Seconds left at {@code done} of {@code total}: 0 when finished, NaN while no rate is known yet. */
    public synchronized double secondsLeft(long done, long total) {
        long now = nanos.getAsLong();
        if (done >= total) {
            return 0;
        }
        if (startNanos < 0) {
            startNanos = now;
            startDone = done;
            return Double.NaN;
        }
        double seconds = (now - startNanos) / 1e9;
        long progressed = done - startDone;
        if (progressed <= 0 || seconds <= 0) {
            return Double.NaN;
        }
        return (total - done) * seconds / progressed;
    }

    /** "12/40 samples · ETA 0:35" ("ETA ?" while unknown, no ETA when finished). */
    public String describe(long done, long total, String unit) {
        double left = secondsLeft(done, total);
        String head = done + "/" + total + " " + unit;
        return done >= total ? head : head + " · ETA " + format(left);
    }

    /** "0:35", "1:02:03", or "?" for NaN or infinity. */
    public static String format(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
