package dev.moescope.bridge.train;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scoring and routing counts: windows, padding and batching do not change what a position sees. */
class MoeScorerTest {

    private static final String SHORT = "Everyone has duties to the community.";
    private static final String LONG = "Everyone has the right to a standard of living adequate for the health "
            + "and well-being of himself and of his family, including food, clothing, housing and medical care.";

    @Test
    void scoresEveryByteOnceAndPaddingChangesNothing() {
        try (NDManager root = NDManager.newBaseManager();
             MoeWeights w = MoeWeights.init(MoeSpec.tiny(), 3, root)) {
            MoeScorer wide = new MoeScorer(w, 512);
            MoeScorer.Score whole = wide.score(root, LONG);
            assertEquals(LONG.length(), whole.bytes());
            // an untrained model is close to uniform over the vocabulary
            assertEquals(Math.log(MoeSpec.tiny().vocabSize()) / Math.log(2), whole.bitsPerByte(), 0.5);
            int perLayer = 0;
            for (int c : whole.expertCounts()[0]) {
                perLayer += c;
            }
            assertEquals(LONG.length() * MoeSpec.tiny().topK(), perLayer, "one routing per scored input position");

            // windows of 64 with half-window overlap: same byte count, every byte scored once, finite bits
            MoeScorer.Score windowed = new MoeScorer(w, 64).score(root, LONG);
            assertEquals(whole.bytes(), windowed.bytes());
            assertTrue(Double.isFinite(windowed.bits()));

            // batched + padded routing counts equal one-text-at-a-time counts
            int[][][] batched = wide.routingCounts(root, List.of(SHORT, LONG), 8);
            int[][][] single = wide.routingCounts(root, List.of(SHORT), 1);
            assertArrayEquals(single[0], batched[0]);
            int[][][] longOnly = wide.routingCounts(root, List.of(LONG), 1);
            assertArrayEquals(longOnly[0], batched[1]);
            double[] h = MoeScorer.histogram(batched[1]);
            assertEquals(MoeSpec.tiny().layers() * MoeSpec.tiny().experts(), h.length);
            double layerSum = 0;
            for (int e = 0; e < MoeSpec.tiny().experts(); e++) {
                layerSum += h[e];
            }
            assertEquals(1.0, layerSum, 1e-9);
        }
    }
}
