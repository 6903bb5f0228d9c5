package dev.moescope.bridge.train;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Training batches of byte tokens: each row picks a language uniformly (so small scripts get an equal share),
 * then a random window of that language's token stream. A stream is its segments in order, each as
 * {@code <|bos|>} followed by the segment's UTF-8 bytes (token id = byte value).
 */
public final class ByteWindowSampler {

    private final List<String> languages = new ArrayList<>();
    private final List<int[]> streams = new ArrayList<>();
    private final Random random;

    /** {@code texts}: language code to its training segments, in a fixed (insertion) order. */
    public ByteWindowSampler(Map<String, List<String>> texts, int window, long seed) {
        for (Map.Entry<String, List<String>> e : texts.entrySet()) {
            int[] stream = tokens(e.getValue());
            if (stream.length < window) {
                throw new IllegalArgumentException("language " + e.getKey() + ": only " + stream.length
                        + " training tokens, shorter than one window of " + window);
            }
            languages.add(e.getKey());
            streams.add(stream);
        }
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("no training text");
        }
        this.random = new Random(seed);
    }

    /** The token stream of some segments: bos + bytes for each. */
    public static int[] tokens(List<String> segments) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        List<Integer> bosAt = new ArrayList<>();
        for (String s : segments) {
            bosAt.add(buf.size() + bosAt.size());
            buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = buf.toByteArray();
        int[] out = new int[bytes.length + bosAt.size()];
        int src = 0;
        int next = 0;
        for (int i = 0; i < out.length; i++) {
            if (next < bosAt.size() && bosAt.get(next) == i) {
                out[i] = MoeSpec.BOS;
                next++;
            } else {
                out[i] = bytes[src++] & 0xff;   // unsigned byte value = token id
            }
        }
        return out;
    }

    /** {@code rows} windows of {@code window} tokens. */
    public int[][] next(int rows, int window) {
        int[][] out = new int[rows][];
        for (int r = 0; r < rows; r++) {
            int[] stream = streams.get(random.nextInt(streams.size()));
            int start = random.nextInt(stream.length - window + 1);
            out[r] = java.util.Arrays.copyOfRange(stream, start, start + window);
        }
        return out;
    }

    public List<String> languages() {
        return languages;
    }

    /** Training tokens over all languages. */
    public long totalTokens() {
        long n = 0;
        for (int[] s : streams) {
            n += s.length;
        }
        return n;
    }
}
