package dev.moescope.cli;

import dev.moescope.routing.collect.CollectionProgress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/** A one-line progress bar on stderr: {@code [#####.....] 12/40 samples  1234 tok/s  ETA 0:12}. */
final class ProgressBar implements CollectionProgress.Listener {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final String label;

    ProgressBar(PrintStream err, String label) {
        this.err = err;
        this.label = label;
    }

    @Override
    public void onProgress(CollectionProgress p) {
        show(p.doneSamples(), p.totalSamples(), String.format(Locale.ROOT, "%.0f tok/s  ETA %s",
                p.tokensPerSecond(), eta(p.etaSeconds())));
    }

    void show(long done, long total, String detail) {
        int filled = total == 0 ? WIDTH : (int) (WIDTH * done / total);
        err.print("\r" + label + " [" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total
                + "  " + detail + "   ");
        err.flush();
    }

    /** A listener for work reported in steps of n: shows the running sum out of {@code total}, then {@code unit}. */
    IntConsumer counter(long total, String unit) {
        AtomicLong done = new AtomicLong();
        return n -> show(done.addAndGet(n), total, unit);
    }

    void finish() {
        err.println();
    }

    private static String eta(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
