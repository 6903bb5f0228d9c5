package dev.moescope.cli;

import dev.moescope.app.common.ProgressEta;
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

    /** A listener for work reported in steps of n: shows the running sum out of {@code total}, {@code unit} and the ETA. */
    IntConsumer counter(long total, String unit) {
        return counter(total, unit, new ProgressEta());
    }

    IntConsumer counter(long total, String unit, ProgressEta eta) {
        AtomicLong done = new AtomicLong();
        return n -> {
            long d = done.addAndGet(n);
            show(d, total, unit + "  ETA " + (d >= total ? "0:00" : ProgressEta.format(eta.secondsLeft(d, total))));
        };
    }

    void finish() {
        err.println();
    }

    private static String eta(double seconds) {
        return ProgressEta.format(seconds);
    }
}
