package dev.moescope.bridge.train;

import ai.djl.ndarray.NDManager;
import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Scoring from {@code <|bos|>}: the bits equal -sum log2 softmax of the inference bridge's logits (an independent
 * reader of the saved checkpoint), window by window; chunking, batching and padding do not change what a
 * position sees.
 */
class MoeScorerTest {

    private static final String SHORT = "Everyone has duties to the community.";
    private static final String LONG = "Everyone has the right to a standard of living adequate for the health "
            + "and well-being of himself and of his family, including food, clothing, housing and medical care.";

    @Test
    void bitsAreTheIndependentLogProbsOfEveryTokenFromBosChunkByChunk(@TempDir Path tmp) {
        MoeSpec spec = MoeSpec.tiny();
        int[] longIds = MoeScorer.byteIds(LONG);
        int[] shortIds = MoeScorer.byteIds(SHORT);
        try (NDManager root = NDManager.newBaseManager();
             MoeWeights w = MoeWeights.init(spec, 3, root)) {
            CheckpointFiles.write(tmp, w, SafetensorsDType.F32);
            int context = 48;   // LONG (170 bytes) runs in 4 chunks of <= 47 tokens after bos
            List<MoeScorer.Score> scores;
            List<MoeScorer.Score> alone;
            List<MoeScorer.Score> wide;
            try (MoeWeights loaded = MoeWeights.load(spec, tmp, root)) {
                MoeScorer scorer = new MoeScorer(loaded, context);
                scores = scorer.score(root, List.of(shortIds, longIds), 4 * context);
                alone = scorer.score(root, List.of(longIds), 1);
                wide = new MoeScorer(loaded, 512).score(root, List.of(longIds), 4096);
                assertEquals(4, scorer.windowsFor(longIds.length));
            }
            double expectShort;
            double expectLong = 0;
            try (MoeModel model = MoeModel.load(tmp, LoadOptions.cpu())) {
                expectShort = bits(model, shortIds, 0, shortIds.length);
                for (int from = 0; from < longIds.length; from += context - 1) {
                    expectLong += bits(model, longIds, from, Math.min(longIds.length, from + context - 1));
                }
            }
            MoeScorer.Score s = scores.get(0);
            MoeScorer.Score l = scores.get(1);
            assertEquals(1, s.windows());
            assertEquals(4, l.windows());
            assertEquals(SHORT.length(), s.tokens());
            assertEquals(expectShort, s.bits(), 1e-3 * expectShort);
            assertEquals(expectLong, l.bits(), 1e-3 * expectLong);
            assertEquals(l.bits(), alone.get(0).bits(), 1e-3, "batching and padding change nothing");
            assertArrayEquals(l.expertCounts(), alone.get(0).expertCounts());
            for (int layer = 0; layer < spec.layers(); layer++) {
                assertEquals(LONG.length() * spec.topK(), Arrays.stream(l.expertCounts()[layer]).sum(),
                        "one routing per text token, bos not counted");
            }
            assertEquals(1, wide.get(0).windows());
            double h = 0;
            for (double v : MoeScorer.histogram(l.expertCounts())) {
                h += v;
            }
            assertEquals(spec.layers(), h, 1e-9, "each layer's histogram sums to 1");
        }
    }

    /** -sum log2 p(t_i | bos, t_from .. t_{i-1}) over tokens [from, to), from the bridge's logits. */
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
