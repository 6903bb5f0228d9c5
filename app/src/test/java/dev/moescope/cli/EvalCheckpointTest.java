package dev.moescope.cli;

import ai.djl.ndarray.NDManager;
import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.train.CheckpointFiles;
import dev.moescope.bridge.train.MoeSpec;
import dev.moescope.bridge.train.MoeWeights;
import dev.moescope.bridge.train.bpe.BpeTokenizer;
import dev.moescope.bridge.train.bpe.BpeTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * eval's bits per byte on a tiny subword checkpoint: each article from bos, in chunks of context - 1 tokens when
 * it does not fit, equals -sum log2 softmax of the inference bridge's logits over the reference encoder's ids,
 * divided by the article's UTF-8 bytes.
 */
class EvalCheckpointTest {

    private static final List<String> TRAIN = List.of(
            "Everyone has the right to life, liberty and security of person.",
            "No one shall be held in slavery or servitude.",
            "Tous les êtres humains naissent libres et égaux en dignité et en droits.");
    private static final String SHORT = "Everyone has duties.";
    private static final String LONG = "Everyone has the right to a standard of living adequate for the health and "
            + "well-being of himself and of his family, including food, clothing, housing and medical care. Ça va.";

    @Test
    void articleBitsPerByteAreTheIndependentLogProbsFromBos(@TempDir Path tmp) {
        BpeTokenizer bpe = BpeTrainer.train(List.of(new BpeTrainer.LanguageText("en", "Latn", TRAIN)), 300, 0.5,
                (m, t) -> { });
        Path tokDir = tmp.resolve("tok");
        bpe.writeFiles(tokDir, 32);
        int context = 24;
        MoeSpec spec = MoeSpec.tiny().withVocabAndContext(bpe.size(), context);
        Path dir = tmp.resolve("model");
        try (NDManager root = NDManager.newBaseManager(); MoeWeights w = MoeWeights.init(spec, 7, root)) {
            CheckpointFiles.write(dir, w, SafetensorsDType.F32, tokDir);
        }
        int[] longIds = bpe.encode(LONG);
        assertTrue(longIds.length + 1 > context, "LONG needs chunks: " + longIds.length + " tokens");
        assertTrue(longIds.length < LONG.getBytes(StandardCharsets.UTF_8).length, "subword tokens, not bytes");

        Map<String, List<String>> texts = new LinkedHashMap<>();
        texts.put("en", List.of(SHORT, LONG));
        Map<String, List<EvalCheckpoint.Scored>> scored;
        try (NDManager root = NDManager.newBaseManager();
             EvalCheckpoint c = EvalCheckpoint.open(dir, null, false, root)) {
            assertEquals(context, c.context(), "the declared context");
            assertFalse(c.byteLevel());
            assertArrayEquals(longIds, c.encode(LONG), "DJL's tokenizer.json and the reference encoder agree");
            scored = c.score(root, texts, 64);
        }
        double expected;
        try (MoeModel m = MoeModel.load(dir, LoadOptions.cpu())) {
            double bits = bits(m, bpe.encode(SHORT), 0, bpe.encode(SHORT).length);
            for (int from = 0; from < longIds.length; from += context - 1) {
                bits += bits(m, longIds, from, Math.min(longIds.length, from + context - 1));
            }
            expected = bits / (SHORT.getBytes(StandardCharsets.UTF_8).length + LONG.getBytes(StandardCharsets.UTF_8).length);
        }
        assertEquals((longIds.length + context - 2) / (context - 1), scored.get("en").get(1).score().windows());
        assertEquals(1, scored.get("en").get(0).score().windows());
        assertEquals(expected, EvalReport.bitsPerByte(scored).get("en"), 1e-3 * expected);
    }

    /** -sum log2 p(t_i | bos, t_from .. t_{i-1}) over tokens [from, to) from the bridge's logits. */
    private static double bits(MoeModel model, int[] ids, int from, int to) {
        int[] window = new int[1 + to - from];
        window[0] = MoeSpec.BOS;
        System.arraycopy(ids, from, window, 1, to - from);
        float[][] logits = model.forward(window, ForwardOptions.trace()).logits();
        double bits = 0;
        for (int pos = 0; pos + 1 < window.length; pos++) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits[pos]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (float v : logits[pos]) {
                sum += Math.exp(v - max);
            }
            bits -= (logits[pos][window[pos + 1]] - max - Math.log(sum)) / Math.log(2);
        }
        return bits;
    }
}
