package dev.moescope.cli;

import ai.djl.ndarray.NDManager;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.TextTokenizer;
import dev.moescope.bridge.train.MoeScorer;
import dev.moescope.bridge.train.MoeSpec;
import dev.moescope.bridge.train.MoeWeights;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A qwen3_moe checkpoint as {@code eval} scores it: its shape, its tokenizer (the folder's {@code tokenizer.json},
 * byte-level (no entries beyond the bytes and bos/eos/pad, id = byte value) or subword; without one, UTF-8 bytes
 * as ids) and its weights, or untrained seed-0 weights of the
 * same shape (the random-routing control). Every text is scored on its own from {@code <|bos|>}
 * ({@link MoeScorer}), in windows of at most {@link #context} tokens.
 */
final class EvalCheckpoint implements AutoCloseable {

    /** One scored text: its UTF-8 byte count, its token ids and the model's score. */
    record Scored(int bytes, int[] ids, MoeScorer.Score score) {
    }

    private static final String PROBE = "Article 1. Ça, ऄनु, 人人生而自由.";

    private final Path dir;
    private final MoeSpec spec;
    private final TextTokenizer tokenizer;   // null: UTF-8 bytes
    private final boolean byteLevel;
    private final int context;
    private final MoeWeights weights;
    private final Map<String, int[]> encoded = new java.util.HashMap<>();

    private EvalCheckpoint(Path dir, MoeSpec spec, TextTokenizer tokenizer, int context, MoeWeights weights) {
        this.dir = dir;
        this.spec = spec;
        this.tokenizer = tokenizer;
        this.byteLevel = tokenizer == null || (TrainingTexts.vocabularySize(dir) <= MoeSpec.PAD + 1
                && Arrays.equals(tokenizer.encode(PROBE), MoeScorer.byteIds(PROBE)));
        this.context = context;
        this.weights = weights;
    }

    /**
     * Loads {@code dir}; {@code context} null: the declared context ({@code max_position_embeddings}). With
     * {@code random}, the weights are untrained (seed 0) and the checkpoint's own are not read.
     */
    static EvalCheckpoint open(Path dir, Integer context, boolean random, NDManager root) {
        MoeSpec spec = MoeSpec.from(ModelConfig.read(dir), dir.resolve("config.json").toString());
        int ctx = context != null ? context : spec.maxPositions();
        if (ctx < 2) {
            throw new IllegalArgumentException(dir + ": context of " + ctx + " tokens; at least 2 needed (bos + one)");
        }
        TextTokenizer tok = Files.isRegularFile(dir.resolve("tokenizer.json"))
                ? TextTokenizer.load(dir, MoeSpec.BOS, Set.of(MoeSpec.EOS)) : null;
        try {
            MoeWeights w = random ? MoeWeights.init(spec, 0, root) : MoeWeights.load(spec, dir, root);
            return new EvalCheckpoint(dir, spec, tok, ctx, w);
        } catch (RuntimeException e) {
            if (tok != null) {
                tok.close();
            }
            throw e;
        }
    }

    Path dir() {
        return dir;
    }

    MoeSpec spec() {
        return spec;
    }

    int context() {
        return context;
    }

    boolean byteLevel() {
        return byteLevel;
    }

    /** "bytes" or "subword BPE, 4096 entries". */
    String tokenizerLabel() {
        return byteLevel ? "bytes" : "subword, " + TrainingTexts.vocabularySize(dir) + " entries";
    }

    /** Token ids of a text (no special tokens); checked against the model's vocabulary. */
    int[] encode(String text) {
        return encoded.computeIfAbsent(text, t -> {
            int[] ids = tokenizer == null ? MoeScorer.byteIds(t) : tokenizer.encode(t);
            for (int id : ids) {
                if (id < 0 || id >= spec.vocabSize()) {
                    throw new IllegalArgumentException(dir + "/tokenizer.json: token id " + id + " is outside the "
                            + "model's vocabulary of " + spec.vocabSize() + " (config.json vocab_size)");
                }
            }
            return ids;
        });
    }

    /** Scores every text from bos; at most {@code batchTokens} positions per forward batch. Keeps the key order. */
    Map<String, List<Scored>> score(NDManager root, Map<String, List<String>> texts, int batchTokens) {
        List<int[]> ids = new ArrayList<>();
        texts.values().forEach(ts -> ts.forEach(t -> ids.add(encode(t))));
        List<MoeScorer.Score> scores = new MoeScorer(weights, context).score(root, ids, batchTokens);
        Map<String, List<Scored>> out = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, List<String>> e : texts.entrySet()) {
            List<Scored> list = new ArrayList<>();
            for (String t : e.getValue()) {
                list.add(new Scored(EvalTexts.utf8Bytes(t), ids.get(i), scores.get(i)));
                i++;
            }
            out.put(e.getKey(), list);
        }
        return out;
    }

    @Override
    public void close() {
        weights.close();
        if (tokenizer != null) {
            tokenizer.close();
        }
    }
}
