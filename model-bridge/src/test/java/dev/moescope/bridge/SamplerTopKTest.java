package dev.moescope.bridge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Top-k before top-p, on probabilities 0.5 / 0.3 / 0.2 (logits ln p at temperature 1). */
class SamplerTopKTest {
    private static final float[] LOGITS = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};

    private static int[] counts(GenerationOptions opts, int draws) {
        Sampler s = new Sampler(opts);
        int[] c = new int[LOGITS.length];
        for (int i = 0; i < draws; i++) {
            c[s.next(LOGITS)]++;
        }
        return c;
    }

    @Test
    void topKKeepsOnlyTheKMostProbableTokens() {
        int[] c = counts(new GenerationOptions(1, 1f, 1f, 7L, false, 2), 20_000);
        assertEquals(0, c[2]);
        // renormalised to the top 2: 0.5 / 0.8 = 0.625
        assertEquals(0.625, c[0] / 20_000.0, 0.015);
    }

    @Test
    void topPAppliesToTheRenormalisedTopK() {
        // top-2 renormalised: 0.625, 0.375; top-p 0.6 is reached by the first token alone
        assertEquals(20_000, counts(new GenerationOptions(1, 1f, 0.6f, 7L, false, 2), 20_000)[0]);
        // without top-k, 0.5 < 0.6: the nucleus holds two tokens
        int[] c = counts(new GenerationOptions(1, 1f, 0.6f, 7L, false, 0), 20_000);
        assertEquals(0, c[2]);
        assertEquals(0.625, c[0] / 20_000.0, 0.015);
    }

    @Test
    void topKOfOneIsGreedyAndNegativeIsRefused() {
        assertEquals(5_000, counts(new GenerationOptions(1, 0.7f, 0.8f, 3L, false, 1), 5_000)[0]);
        assertThrows(IllegalArgumentException.class, () -> new GenerationOptions(1, 1f, 1f, 0L, false, -1));
        assertEquals(0, new GenerationOptions(1, 1f, 1f, 0L, false).topK());
        assertEquals(20, new GenerationOptions(1, 1f, 1f, 0L, true, 20).withoutRouting().topK());
    }
}
