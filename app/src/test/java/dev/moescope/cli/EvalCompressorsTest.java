package dev.moescope.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The compressor baseline's arithmetic: 8 x (size(context + "\n" + article) - size(context)) per article. */
class EvalCompressorsTest {

    /** Compressed size = distinct bytes + a tenth of the length; records what it was given. */
    private static final class Fake implements EvalCompressors.Compressor {
        final List<String> seen = new ArrayList<>();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public long size(byte[] data) {
            seen.add(new String(data, StandardCharsets.UTF_8));
            return new String(data, StandardCharsets.UTF_8).chars().distinct().count() + data.length / 10;
        }
    }

    @Test
    void conditionalCostIsTheSizeOfContextPlusArticleMinusTheContext() {
        byte[] context = EvalCompressors.context(List.of("abc", "abd"));
        assertEquals("abc\nabd", new String(context, StandardCharsets.UTF_8));
        Fake f = new Fake();
        List<byte[]> articles = List.of("xyz".getBytes(StandardCharsets.UTF_8), "ab".getBytes(StandardCharsets.UTF_8));
        double[] bits = EvalCompressors.conditionalBits(f, context, articles);
        assertEquals(List.of("abc\nabd", "abc\nabd\nxyz", "abc\nabd\nab"), f.seen, "context once, then each article alone");
        // sizes: context 5 distinct + 0 = 5; + "\nxyz": 8 distinct + 1 = 9; + "\nab": 5 distinct + 1 = 6
        assertArrayEquals(new double[] {8 * (9 - 5), 8 * (6 - 5)}, bits, 1e-12);
    }
}
