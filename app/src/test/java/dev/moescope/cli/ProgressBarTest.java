package dev.moescope.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {

    @Test
    void counterShowsTheRunningSumOfTheSteps() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(buffer, true, StandardCharsets.UTF_8), "test");
        long[] now = {0};
        IntConsumer counter = bar.counter(10, "samples scored", new dev.moescope.app.common.ProgressEta(() -> now[0]));
        counter.accept(2);
        String afterFirst = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(afterFirst.endsWith("[######........................] 2/10  samples scored  ETA ?   "), afterFirst);
        now[0] = 4_000_000_000L; // 2 more samples in 4 s: 6 left take 12 s
        counter.accept(2);
        String afterSecond = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(afterSecond.endsWith("] 4/10  samples scored  ETA 0:12   "), afterSecond);
        counter.accept(6);
        String afterLast = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(afterLast.endsWith("] 10/10  samples scored  ETA 0:00   "), afterLast);
    }
}
