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
        IntConsumer counter = bar.counter(10, "samples scored");
        counter.accept(4);
        String afterFirst = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(afterFirst.endsWith("[############..................] 4/10  samples scored   "), afterFirst);
        counter.accept(6);
        String afterSecond = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(afterSecond.endsWith("] 10/10  samples scored   "), afterSecond);
    }
}
