package dev.moescope.bridge.train;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Training batches of token windows: each row picks a language uniformly (so small scripts get an equal share),
 * then a random window of that language's token stream. A stream is its segments in order, each as
 * {@code <|bos|>} followed by the segment's tokens: UTF-8 bytes ({@link #byteStreams}, token id = byte value)
 * or subword ids ({@link #tokenStreams}). The draws come from one {@code java.util.Random}, two per row; a
 * resumed run replays them ({@link #skip}) to stand exactly where the interrupted one stopped.
 *
 * <p>With a focus (a set of languages and a share), each row first draws whether it comes from the focus
 * languages (probability = share, uniformly among them) or from all languages (uniformly): three draws per row.
 * The demo trains on every UDHR translation but gives the languages the app shows a fixed share.
 */
public final class WindowSampler {

    private final List<String> languages = new ArrayList<>();
    private final List<int[]> streams = new ArrayList<>();
    private final Random random;
    /** Indices (into {@link #streams}) of the focus languages; empty: uniform over all. */
    private final int[] focus;
    private final double focusShare;

    /** {@code streams}: language code to its token stream, in a fixed (insertion) order. */
    public WindowSampler(Map<String, int[]> streams, int window, long seed) {
        this(streams, window, seed, Set.of(), 0);
    }

    /**
     * Like {@link #WindowSampler(Map, int, long)}, but a row comes from {@code focus} (those of its languages that
     * have a stream) with probability {@code focusShare}; an empty focus or share 0 samples uniformly as before.
     */
    public WindowSampler(Map<String, int[]> streams, int window, long seed, Set<String> focus, double focusShare) {
        if (focusShare < 0 || focusShare > 1) {
            throw new IllegalArgumentException("focus share must be in [0, 1], got " + focusShare);
        }
        for (Map.Entry<String, int[]> e : streams.entrySet()) {
            if (e.getValue().length < window) {
                throw new IllegalArgumentException("language " + e.getKey() + ": only " + e.getValue().length
                        + " training tokens, shorter than one window of " + window);
            }
            languages.add(e.getKey());
            this.streams.add(e.getValue());
        }
        if (this.streams.isEmpty()) {
            throw new IllegalArgumentException("no training text");
        }
        this.random = new Random(seed);
        this.focus = focusShare == 0 ? new int[0]
                : java.util.stream.IntStream.range(0, languages.size())
                        .filter(i -> focus.contains(languages.get(i))).toArray();
        if (focusShare > 0 && this.focus.length == 0) {
            throw new IllegalArgumentException("focus share " + focusShare + " but none of the focus languages "
                    + focus + " has training text");
        }
        this.focusShare = focusShare;
    }

    /** The stream of the next row (one draw, or two with a focus). */
    private int[] pickStream() {
        if (focus.length > 0 && random.nextDouble() < focusShare) {
            return streams.get(focus[random.nextInt(focus.length)]);
        }
        return streams.get(random.nextInt(streams.size()));
    }

    /** Languages a row draws from with the focus share (empty: none). */
    public List<String> focusLanguages() {
        return Arrays.stream(focus).mapToObj(languages::get).toList();
    }

    /** Byte-token streams of every language (see {@link #tokens}). */
    public static Map<String, int[]> byteStreams(Map<String, List<String>> texts) {
        Map<String, int[]> out = new LinkedHashMap<>();
        texts.forEach((lang, segments) -> out.put(lang, tokens(segments)));
        return out;
    }

    /** Subword streams: for each segment, bos then {@code encoder}'s ids of it. */
    public static Map<String, int[]> tokenStreams(Map<String, List<String>> texts, Function<String, int[]> encoder) {
        Map<String, int[]> out = new LinkedHashMap<>();
        texts.forEach((lang, segments) -> {
            List<int[]> parts = new ArrayList<>();
            int n = 0;
            for (String s : segments) {
                int[] ids = encoder.apply(s);
                parts.add(ids);
                n += 1 + ids.length;
            }
            int[] stream = new int[n];
            int at = 0;
            for (int[] p : parts) {
                stream[at++] = MoeSpec.BOS;
                System.arraycopy(p, 0, stream, at, p.length);
                at += p.length;
            }
            out.put(lang, stream);
        });
        return out;
    }

    /** The byte-token stream of some segments: bos + bytes for each. */
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
            int[] stream = pickStream();
            int start = random.nextInt(stream.length - window + 1);
            out[r] = Arrays.copyOfRange(stream, start, start + window);
        }
        return out;
    }

    /** Draws and drops {@code batches} batches, exactly as {@link #next} would (no copying). */
    public void skip(int batches, int rows, int window) {
        for (long i = 0; i < (long) batches * rows; i++) {
            int[] stream = pickStream();
            random.nextInt(stream.length - window + 1);
        }
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
