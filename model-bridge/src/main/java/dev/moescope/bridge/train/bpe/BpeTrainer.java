package dev.moescope.bridge.train.bpe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Trains a byte-level BPE vocabulary with balanced languages and scripts.
 *
 * <p>Weighting rule: a pair's count is a weighted count over the training text, where every byte of
 * language {@code l} (written in script {@code s}) weighs {@code n_s^(alpha-1) / bytes_l}. So each language
 * carries the same mass within its script, each script carries mass {@code n_s^alpha} ({@code n_s}: number of
 * languages written in it), and the length of a translation does not matter. {@code alpha = 1} weighs every
 * language alike (Latin, written by most languages, takes most merges); {@code alpha = 0} weighs every script
 * alike (a script of one language gets as many merges as Latin); in between, a script's share grows with the
 * square root of its languages at {@code alpha = 0.5}, the default. Weights are integers (scaled by 2^40) so the
 * counts, and the merges, do not depend on summation order.
 *
 * <p>Algorithm: the text is pre-tokenized ({@link PreTokenizer}) into distinct pieces with their total weight;
 * pair counts are kept per pair with the pieces that hold them and updated incrementally after each merge; the
 * next merge is the pair of highest count, ties broken by the smaller (left, right) ids. A merge replaces every
 * occurrence in a piece left to right, as the encoder does.
 *
 * <p>Character alignment: a pair is merged only if the new token is whole UTF-8 characters or the beginning of
 * one character ({@link #isCharAligned}); the steps that build a multi-byte character (lead byte + continuation
 * bytes) are allowed, a token that holds the end of one character and the start of the next is not. So a
 * character of the vocabulary always comes out as whole-character tokens (the token inspector shows no chips
 * of characters except for characters the vocabulary lacks).
 */
public final class BpeTrainer {

    /** One language's training text. */
    public record LanguageText(String language, String script, List<String> texts) {
    }

    /** Called every few hundred merges. */
    public interface Progress {
        void merged(int merges, int target);
    }

    private static final double SCALE = 0x1p40;

    private final List<byte[]> tokenBytes = new ArrayList<>();   // id -> bytes (specials: empty, never merged)
    private final List<int[]> words = new ArrayList<>();   // piece i as ids, shrinking as merges apply
    private final List<Integer> lengths = new ArrayList<>();
    private final List<Long> weights = new ArrayList<>();
    private final Map<Long, Long> counts = new HashMap<>();
    private final Map<Long, TreeSet<Integer>> where = new HashMap<>();
    private final PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0]
            ? Long.compare(b[0], a[0]) : Long.compare(a[1], b[1]));   // {count, pair}: count desc, pair asc

    private BpeTrainer() {
        for (int b = 0; b < BpeTokenizer.FIRST_MERGE; b++) {
            tokenBytes.add(b < 256 ? new byte[] {(byte) b} : new byte[0]);
        }
    }

    /**
     * True when {@code b} is a sequence of whole UTF-8 characters, or the first bytes of a single character
     * (a lead byte followed by fewer continuation bytes than it announces).
     */
    static boolean isCharAligned(byte[] b) {
        int i = 0;
        while (i < b.length) {
            int lead = b[i] & 0xff;
            // the lead byte announces the length: 0xxxxxxx 1, 110xxxxx 2, 1110xxxx 3, 11110xxx 4; 10xxxxxx continues
            int n = lead < 0x80 ? 1 : lead >= 0xC0 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3
                    : lead >= 0xF0 && lead < 0xF8 ? 4 : 0;
            if (n == 0) {
                return false;
            }
            for (int k = i + 1; k < Math.min(b.length, i + n); k++) {
                if ((b[k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            if (i + n > b.length && i > 0) {
                return false;    // whole characters followed by the start of another
            }
            i += n;
        }
        return true;
    }

    /** Trains {@code vocabSize - 259} merges (bytes + 3 specials + merges = vocabSize entries). */
    public static BpeTokenizer train(List<LanguageText> languages, int vocabSize, double alpha, Progress progress) {
        if (vocabSize < BpeTokenizer.FIRST_MERGE) {
            throw new IllegalArgumentException("vocabulary size " + vocabSize + " < " + BpeTokenizer.FIRST_MERGE
                    + " (256 bytes + 3 special tokens)");
        }
        if (alpha < 0 || alpha > 1) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        BpeTrainer t = new BpeTrainer();
        t.load(pieceWeights(languages, alpha));
        return new BpeTokenizer(t.run(vocabSize - BpeTokenizer.FIRST_MERGE, progress));
    }

    /** Per-byte weight of each language under the rule above (not scaled). */
    public static Map<String, Double> byteWeights(List<LanguageText> languages, double alpha) {
        Map<String, Integer> perScript = new TreeMap<>();
        languages.forEach(l -> perScript.merge(l.script(), 1, Integer::sum));
        Map<String, Double> out = new LinkedHashMap<>();
        for (LanguageText l : languages) {
            long bytes = l.texts().stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
            if (bytes == 0) {
                throw new IllegalArgumentException("language " + l.language() + " has no training text");
            }
            out.put(l.language(), Math.pow(perScript.get(l.script()), alpha - 1) / bytes);
        }
        return out;
    }

    /** Distinct pieces with their summed integer weight, in first-seen order. */
    static Map<String, Long> pieceWeights(List<LanguageText> languages, double alpha) {
        Map<String, Double> perByte = byteWeights(languages, alpha);
        Map<String, Long> pieces = new LinkedHashMap<>();
        for (LanguageText l : languages) {
            long w = Math.max(1, Math.round(perByte.get(l.language()) * SCALE));
            for (String text : l.texts()) {
                for (String p : PreTokenizer.split(text)) {
                    pieces.merge(p, w, Long::sum);
                }
            }
        }
        return pieces;
    }

    private void load(Map<String, Long> pieces) {
        for (Map.Entry<String, Long> e : pieces.entrySet()) {
            byte[] b = e.getKey().getBytes(StandardCharsets.UTF_8);
            int[] ids = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                ids[i] = b[i] & 0xff;   // unsigned byte value = token id
            }
            int index = words.size();
            words.add(ids);
            lengths.add(ids.length);
            weights.add(e.getValue());
            for (int i = 0; i + 1 < ids.length; i++) {
                long p = BpeTokenizer.pair(ids[i], ids[i + 1]);
                counts.merge(p, e.getValue(), Long::sum);
                where.computeIfAbsent(p, k -> new TreeSet<>()).add(index);
            }
        }
        counts.forEach((p, c) -> queue.add(new long[] {c, p}));
    }

    private List<int[]> run(int target, Progress progress) {
        List<int[]> merges = new ArrayList<>();
        while (merges.size() < target && !queue.isEmpty()) {
            long[] top = queue.poll();
            Long current = counts.get(top[1]);
            if (current == null || current <= 0) {
                continue;
            }
            if (current != top[0]) {
                queue.add(new long[] {current, top[1]});   // a stale entry: the count fell since it was queued
                continue;
            }
            int left = (int) (top[1] >>> 32);
            int right = (int) top[1];
            byte[] joined = concat(tokenBytes.get(left), tokenBytes.get(right));
            if (!isCharAligned(joined)) {
                counts.remove(top[1]);       // never mergeable: drop the pair for good
                where.remove(top[1]);
                continue;
            }
            int id = BpeTokenizer.FIRST_MERGE + merges.size();
            merges.add(new int[] {left, right});
            tokenBytes.add(joined);
            apply(top[1], left, right, id);
            if (progress != null && (merges.size() % 500 == 0 || merges.size() == target)) {
                progress.merged(merges.size(), target);
            }
        }
        return merges;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Merges (left, right) into {@code id} in every piece that holds it and updates the pair counts. */
    private void apply(long pair, int left, int right, int id) {
        Map<Long, Long> delta = new HashMap<>();
        for (int index : where.remove(pair)) {
            int[] ids = words.get(index);
            int len = lengths.get(index);
            long w = weights.get(index);
            for (int i = 0; i + 1 < len; i++) {
                delta.merge(BpeTokenizer.pair(ids[i], ids[i + 1]), -w, Long::sum);
            }
            int newLen = BpeTokenizer.mergeAll(ids, len, left, right, id);
            lengths.set(index, newLen);
            for (int i = 0; i + 1 < newLen; i++) {
                long p = BpeTokenizer.pair(ids[i], ids[i + 1]);
                delta.merge(p, w, Long::sum);
                if (ids[i] == id || ids[i + 1] == id) {
                    where.computeIfAbsent(p, k -> new TreeSet<>()).add(index);
                }
            }
        }
        counts.remove(pair);
        delta.forEach((p, d) -> {
            if (d == 0 || p == pair) {
                return;
            }
            long c = counts.merge(p, d, Long::sum);
            if (c <= 0) {
                counts.remove(p);
            } else if (d > 0) {
                queue.add(new long[] {c, p});    // raised counts are queued; lowered ones are caught when polled
            }
        });
    }
}
