package dev.moescope.bridge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Scores texts with a {@link MoeWeights} model (no gradients), each text on its own from {@code <|bos|>}: the
 * bits of every token given its left context, and the expert-usage counts (top-k per MoE layer) at the text's
 * tokens. A text is a sequence of token ids (UTF-8 bytes for a byte-level model, subword ids otherwise).
 *
 * <p>A text that fits the context ({@code 1 + tokens <= context}) runs as one window {@code <|bos|> t_1 .. t_n}.
 * A longer one is cut into consecutive chunks of {@code context - 1} tokens, each run as its own window starting
 * from {@code <|bos|>}, so no position is ever beyond the context and every token is predicted exactly once
 * (the first token of a chunk from {@code <|bos|>} alone). No {@code <|eos|>} is scored. Routing is counted at
 * every text token's input position (not at {@code <|bos|>}).
 *
 * <p>Windows run in padded batches of similar length, padded at the end with {@code <|pad|>}: attention is
 * causal, so padding after a position never changes its outputs, and padded positions are neither scored nor
 * counted.
 */
public final class MoeScorer {

    /**
     * Bits of one text's tokens and its routing counts.
     *
     * @param bits         -sum log2 p(token | left context in its window) over the text's tokens
     * @param tokens       tokens scored (the text's tokens, without {@code <|bos|>})
     * @param windows      windows the text ran in (1 when it fits the context)
     * @param expertCounts [layer][expert] top-k selections at the text's tokens
     */
    public record Score(double bits, int tokens, int windows, int[][] expertCounts) {
    }

    /** Text tokens [from, to) of text {@code text}, run as {@code <|bos|>} + those tokens. */
    private record Window(int text, int from, int to) {
        int length() {
            return 1 + to - from;
        }
    }

    private final MoeWeights weights;
    private final MoeForward forward;
    private final int context;

    /** {@code context}: most tokens per window, {@code <|bos|>} included (the model's trained context). */
    public MoeScorer(MoeWeights weights, int context) {
        if (context < 2) {
            throw new IllegalArgumentException("context must be at least 2 tokens (bos + one), got " + context);
        }
        this.weights = weights;
        this.forward = new MoeForward(weights);
        this.context = context;
    }

    public int context() {
        return context;
    }

    /** Windows a text of {@code tokens} tokens runs in: 1 when it fits the context, else its chunk count. */
    public int windowsFor(int tokens) {
        return tokens == 0 ? 0 : (tokens + context - 2) / (context - 1);
    }

    /**
     * Scores every text from {@code <|bos|>} (see the class comment); at most {@code batchTokens} padded positions
     * per forward batch (at least one window). Results are in the order of {@code texts}.
     */
    public List<Score> score(NDManager root, List<int[]> texts, int batchTokens) {
        MoeSpec s = weights.spec();
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int[] t = texts.get(i);
            for (int id : t) {
                if (id < 0 || id >= s.vocabSize()) {
                    throw new IllegalArgumentException("token id " + id + " outside the model's vocabulary of "
                            + s.vocabSize());
                }
            }
            for (int from = 0; from < t.length; from += context - 1) {
                windows.add(new Window(i, from, Math.min(t.length, from + context - 1)));
            }
        }
        windows.sort(Comparator.comparingInt(Window::length).reversed());
        double[] nats = new double[texts.size()];
        int[][][] counts = new int[texts.size()][s.layers()][s.experts()];
        int[] windowCount = new int[texts.size()];
        for (int b = 0; b < windows.size(); ) {
            int len = windows.get(b).length();   // the longest of the batch (sorted)
            int rows = Math.max(1, Math.min(windows.size() - b, batchTokens / len));
            run(root, texts, windows.subList(b, b + rows), len, nats, counts);
            b += rows;
        }
        windows.forEach(w -> windowCount[w.text()]++);
        List<Score> out = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            out.add(new Score(nats[i] / Math.log(2), texts.get(i).length, windowCount[i], counts[i]));
        }
        return out;
    }

    /** Runs the windows as one batch padded to {@code len}; adds their NLL and routing counts. */
    private void run(NDManager root, List<int[]> texts, List<Window> windows, int len, double[] nats,
                     int[][][] counts) {
        MoeSpec s = weights.spec();
        int[][] batch = new int[windows.size()][len];        // [B][len]
        long[] targets = new long[windows.size() * len];     // [B*len], the next token (PAD where none)
        Arrays.fill(targets, MoeSpec.PAD);
        for (int r = 0; r < windows.size(); r++) {
            Window w = windows.get(r);
            Arrays.fill(batch[r], MoeSpec.PAD);
            batch[r][0] = MoeSpec.BOS;
            System.arraycopy(texts.get(w.text()), w.from(), batch[r], 1, w.to() - w.from());
            for (int pos = 0; pos + 1 < w.length(); pos++) {
                targets[r * len + pos] = batch[r][pos + 1];
            }
        }
        try (NDManager m = root.newSubManager()) {
            weights.lendTo(m);
            MoeForward.Output out = forward.run(m, batch);
            NDArray idx = m.create(targets, new Shape(targets.length, 1));
            float[] logp = out.logits().logSoftmax(1).gather(idx, 1).toFloatArray();   // [B*len] log p(next)
            for (int r = 0; r < windows.size(); r++) {
                Window w = windows.get(r);
                for (int pos = 0; pos + 1 < w.length(); pos++) {
                    nats[w.text()] -= logp[r * len + pos];
                }
                for (int pos = 1; pos < w.length(); pos++) {   // the text tokens' input positions
                    int row = r * len + pos;
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

    /** The UTF-8 bytes of {@code text} as token ids of a byte-level vocabulary (id = unsigned byte value). */
    public static int[] byteIds(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            ids[i] = utf8[i] & 0xff;
        }
        return ids;
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
