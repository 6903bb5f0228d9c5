package dev.moescope.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProgressEtaTest {
    private long now;

    @Test
    void estimatesFromTheRateSinceTheFirstReport() {
        ProgressEta eta = new ProgressEta(() -> now);
        now = 5_000_000_000L;
        // the first report is the baseline: 30 of 100 done at once (cached) say nothing about the rate
        assertTrue(Double.isNaN(eta.secondsLeft(30, 100)));
        now += 10_000_000_000L; // 10 s for 10 more samples: 1 sample/s, 60 left
        assertEquals(60, eta.secondsLeft(40, 100), 1e-9);
        assertEquals("40/100 samples · ETA 1:00", describeAgain(eta, 40, 100));
        now += 20_000_000_000L; // 40 samples in 30 s since the baseline: 30 left take 22.5 s
        assertEquals(22.5, eta.secondsLeft(70, 100), 1e-9);
        assertEquals(0, eta.secondsLeft(100, 100));
        assertEquals("100/100 samples", eta.describe(100, 100, "samples"));
    }

    @Test
    void unknownUntilSomethingWasDone() {
        ProgressEta eta = new ProgressEta(() -> now);
        assertEquals("0/8 segments · ETA ?", eta.describe(0, 8, "segments"));
        now += 3_000_000_000L;
        assertTrue(Double.isNaN(eta.secondsLeft(0, 8)), "no sample finished yet: no rate");
        now += 1_000_000_000L;
        assertEquals(12, eta.secondsLeft(2, 8), 1e-9); // 2 samples in 4 s since the baseline: 6 left at 2 s each
    }

    @Test
    void formatsMinutesAndHours() {
        assertEquals("0:05", ProgressEta.format(4.6));
        assertEquals("2:03", ProgressEta.format(123));
        assertEquals("1:02:03", ProgressEta.format(3723));
        assertEquals("?", ProgressEta.format(Double.NaN));
        assertEquals("?", ProgressEta.format(Double.POSITIVE_INFINITY));
    }

    private static String describeAgain(ProgressEta eta, long done, long total) {
        return eta.describe(done, total, "samples");
    }
}
