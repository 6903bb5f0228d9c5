package dev.moescope.bridge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Native memory does not grow with calls, and closing a model frees it. */
class MemoryTest {

    private static final Path MODEL = FixtureCases.root().resolve("olmoe/model");

    @Test
    void tenThousandForwardCallsDoNotGrowRss() {
        try (MoeModel m = MoeModel.load(MODEL, LoadOptions.cpu())) {
            RouterIntervention steer = RouterIntervention.read(FixtureCases.root().resolve("olmoe/steer.json"));
            int[] ids = {72, 101};
            for (int i = 0; i < 2000; i++) {
                m.forward(ids, ForwardOptions.trace(), steer);
            }
            long before = rssKb() - heapKb();
            long t0 = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                m.forward(ids, ForwardOptions.trace(), steer);
                if (i % 2000 == 1999) {
                    System.out.printf("after %d calls: RSS %d MB, heap %d MB%n", i + 1, rssKb() / 1024, heapKb() / 1024);
                }
            }
            // RSS minus the committed Java heap: the heap may grow and shrink with GC, native memory must not
            long growthMb = (rssKb() - heapKb() - before) / 1024;
            System.out.printf("10000 forward calls: %.1f s, native RSS growth %d MB%n", (System.nanoTime() - t0) / 1e9,
                    growthMb);
            assertTrue(growthMb < 50, "RSS grew by " + growthMb + " MB over 10,000 forward calls");
        }
    }

    @Test
    void closingModelsFreesTheirMemory() {
        for (int i = 0; i < 3; i++) {
            MoeModel.load(MODEL, LoadOptions.cpu()).close();
        }
        long before = rssKb() - heapKb();
        for (int i = 0; i < 25; i++) {
            try (MoeModel m = MoeModel.load(MODEL, LoadOptions.cpu())) {
                m.generate(new int[] {72, 101}, GenerationOptions.greedy(4), null, null);
            }
        }
        long growthMb = (rssKb() - heapKb() - before) / 1024;
        assertTrue(growthMb < 50, "RSS grew by " + growthMb + " MB over 25 load/close cycles");
    }

    static long heapKb() {
        return Runtime.getRuntime().totalMemory() / 1024;
    }

    static long rssKb() {
        System.gc();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
