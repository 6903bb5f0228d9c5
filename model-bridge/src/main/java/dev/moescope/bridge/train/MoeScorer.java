package dev.moescope.bridge.train;

import ai.djl.ndarray.NDManager;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scores text with a {@link MoeWeights} model (no gradients): the bits of every byte given its left context,
 * and the expert-usage histogram (top-k counts per MoE layer). A text is {@code <|bos|>} + its UTF-8 bytes.
 *
 * <p>Windows of at most {@code context} tokens run together as one batch, the short ones padded at the end
 * with {@code <|pad|>}: attention is causal, so padding after a position never changes its outputs, and
 * padded positions are neither scored nor counted.
 */
public final class MoeScorer {

    /** Bits of the bytes of one text and its routing counts. */
    public record Score(double bits, int bytes, int[][] expertCounts) {   // expertCounts [layer][expert]

        public double bitsPerByte() {
            return bits / bytes;
        }
    }

    /** One window: tokens [start, end) of a text; targets in (scoreFrom, end) are scored by this window. */
    private record Window(int text, int start, int end, int scoreFrom) {
    }

    private final MoeWeights weights;
    private final MoeForward forward;
    private final int context;

    public MoeScorer(MoeWeights weights, int context) {
        if (context < 4) {
            throw new IllegalArgumentException("context must be at least 4 tokens, got " + context);
        }
        this.weights = weights;
        this.forward = new MoeForward(weights);
        this.context = context;
    }

    /**
     * Bits per byte of {@code text} and routing counts at the scored input positions. Texts longer than the
     * context are scored in windows advancing by half a window, so every byte is predicted once, with at least
     * half a window of left context (except near the start).
     */
    public Score score(NDManager root, String text) {
        int[] tokens = tokens(text);
        List<Window> windows = new ArrayList<>();
        int scoredUpTo = 0;   // targets 1..scoredUpTo are covered
        int start = 0;
        while (scoredUpTo < tokens.length - 1) {
            int end = Math.min(tokens.length, start + context);
            windows.add(new Window(0, start, end, scoredUpTo));
            scoredUpTo = end - 1;
            start = Math.max(start + 1, end - context / 2);
        }
        MoeSpec s = weights.spec();
        int[][][] counts = new int[1][s.layers()][s.experts()];
        double[] nats = new double[1];
        run(root, List.of(tokens), windows, counts, nats);
        return new Score(nats[0] / Math.log(2), tokens.length - 1, counts[0]);
    }

    /**
     * Routing counts of many texts (no scoring): each text is cut into consecutive chunks of {@code context}
     * tokens; chunks of all texts run in batches of {@code batchSize}. Counts cover every token of every text.
     * Returns {@code [text][layer][expert]}.
     */
    public int[][][] routingCounts(NDManager root, List<String> texts, int batchSize) {
        MoeSpec s = weights.spec();
        List<int[]> tokens = new ArrayList<>();
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int[] t = tokens(texts.get(i));
            tokens.add(t);
            for (int from = 0; from < t.length; from += context) {
                windows.add(new Window(i, from, Math.min(t.length, from + context), -1));
            }
        }
        int[][][] counts = new int[texts.size()][s.layers()][s.experts()];
        for (int b = 0; b < windows.size(); b += batchSize) {
            run(root, tokens, windows.subList(b, Math.min(windows.size(), b + batchSize)), counts, null);
        }
        return counts;
    }

    /**
     * Runs the windows as one padded batch. With {@code nats == null}, counts routing at every real position;
     * otherwise adds the NLL of each window's scored targets and counts routing at their input positions.
     */
    private void run(NDManager root, List<int[]> texts, List<Window> windows, int[][][] counts, double[] nats) {
        MoeSpec s = weights.spec();
        int len = windows.stream().mapToInt(w -> w.end() - w.start()).max().orElseThrow();
        int[][] batch = new int[windows.size()][len];
        for (int r = 0; r < windows.size(); r++) {
            Window w = windows.get(r);
            Arrays.fill(batch[r], MoeSpec.PAD);
            System.arraycopy(texts.get(w.text()), w.start(), batch[r], 0, w.end() - w.start());
        }
        try (NDManager m = root.newSubManager()) {
            weights.lendTo(m);
            MoeForward.Output out = forward.run(m, batch);
            float[] logp = nats == null ? null : out.logits().logSoftmax(1).toFloatArray();   // [B*len, V]
            int v = s.vocabSize();
            for (int r = 0; r < windows.size(); r++) {
                Window w = windows.get(r);
                int[] tokens = texts.get(w.text());
                int firstRow = nats == null ? 0 : w.scoreFrom() - w.start();
                int lastRow = (nats == null ? w.end() : w.end() - 1) - w.start();   // exclusive
                for (int pos = firstRow; pos < lastRow; pos++) {
                    int row = r * len + pos;
                    if (nats != null) {
                        nats[w.text()] -= logp[row * v + tokens[w.start() + pos + 1]];   // predicts the next token
                    }
                    for (int l = 0; l < s.layers(); l++) {
                        int[] ids = out.topkIds().get(l);
                        for (int j = 0; j < s.topK(); j++) {
                            counts[w.text()][l][ids[row * s.topK() + j]]++;
                        }
                    }
                }
            }
        }
    }

    /** {@code <|bos|>} + the UTF-8 bytes (token id = unsigned byte value). */
    static int[] tokens(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int[] tokens = new int[utf8.length + 1];
        tokens[0] = MoeSpec.BOS;
        for (int i = 0; i < utf8.length; i++) {
            tokens[i + 1] = utf8[i] & 0xff;
        }
        return tokens;
    }

    /** Routing counts as one vector: each layer's counts normalised to sum 1, layers concatenated. */
    public static double[] histogram(int[][] counts) {
        int experts = counts[0].length;
        double[] out = new double[counts.length * experts];
        for (int l = 0; l < counts.length; l++) {
            long total = 0;
            for (int c : counts[l]) {
                total += c;
            }
            for (int e = 0; e < experts; e++) {
                out[l * experts + e] = total == 0 ? 0 : (double) counts[l][e] / total;
            }
        }
        return out;
    }
}
