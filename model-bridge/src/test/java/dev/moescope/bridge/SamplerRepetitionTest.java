package dev.moescope.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SamplerRepetitionTest {

    @Test
    void penaltyDividesPositiveAndMultipliesNegativeLogitsOfSeenIdsOnce() {
        float[] logits = {2f, -1f, 3f, 0.5f};
        // id 0 appears twice: penalised once, as HF's gather/scatter does
        Sampler.penalizeRepetitions(logits, new int[] {0, 1, 0, 9}, 3, 2f);
        assertArrayEquals(new float[] {1f, -2f, 3f, 0.5f}, logits);
    }

    @Test
    void greedyWithPenaltyLeavesTheRepeatedTokenForTheNextBest() {
        float[] logits = {4f, 3f, 1f};
        Sampler plain = new Sampler(GenerationOptions.greedy(1));
        Sampler penalised = new Sampler(GenerationOptions.greedy(1).withRepetitionPenalty(1.5f));
        assertEquals(0, plain.next(logits, new int[] {0}, 1));
        assertEquals(1, penalised.next(logits, new int[] {0}, 1), "4 / 1.5 = 2.67 < 3");
        assertEquals(0, penalised.next(logits, new int[] {0}, 0), "only the first `length` ids count");
        assertArrayEquals(new float[] {4f, 3f, 1f}, logits, "the caller's logits are not changed");
    }

    @Test
    void noRepeatNgramBansTheTokenThatWouldRepeatABigram() {
        float[] logits = {0f, 0f, 5f, 1f};
        // context "2 3 2": the bigram (2, 3) was seen, so after the final 2, token 3 is banned; token 2 is not
        float[] banned = logits.clone();
        Sampler.blockRepeatedNgrams(banned, new int[] {2, 3, 2}, 3, 2);
        assertEquals(Float.NEGATIVE_INFINITY, banned[3]);
        assertEquals(5f, banned[2]);
        Sampler s = new Sampler(GenerationOptions.greedy(1).withNoRepeatNgram(2));
        assertEquals(2, s.next(logits, new int[] {2, 3, 2}, 3));
        assertEquals(3, s.next(new float[] {0f, 0f, 1f, 5f}, new int[] {2, 3, 1}, 3), "after 1, (1, 3) is new");
        assertEquals(2, s.next(new float[] {0f, 0f, 1f, 5f}, new int[] {2, 3, 2}, 3), "after 2, (2, 3) is banned");
    }

    @Test
    void aBanOfEveryTokenBansNothing() {
        float[] logits = {1f, 2f};
        Sampler.blockRepeatedNgrams(logits, new int[] {0, 0, 0, 1, 0}, 5, 2); // after 0: both 0 and 1 were seen
        assertArrayEquals(new float[] {1f, 2f}, logits);
    }

    @Test
    void sampledRunsRepeatForASeedAndThePenaltyChangesThem() {
        float[] logits = {2f, 1.9f, 1.8f, 1.7f, 0f};
        GenerationOptions opts = new GenerationOptions(1, 0.8f, 0.9f, 42L, false).withRepetitionPenalty(1.3f);
        int[] a = draw(new Sampler(opts), logits, 64);
        int[] b = draw(new Sampler(opts), logits, 64);
        assertArrayEquals(a, b, "same seed, same options: same tokens");
        int[] none = draw(new Sampler(new GenerationOptions(1, 0.8f, 0.9f, 42L, false)), logits, 64);
        assertEquals(false, java.util.Arrays.equals(a, none), "the penalty changes what is drawn");
    }

    /** Feeds each draw back as context, as generation does. */
    private static int[] draw(Sampler s, float[] logits, int n) {
        int[] ctx = new int[n];
        for (int i = 0; i < n; i++) {
            ctx[i] = s.next(logits, ctx, i);
        }
        return ctx;
    }

    @Test
    void badOptionsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GenerationOptions.greedy(1).withRepetitionPenalty(0f));
        assertThrows(IllegalArgumentException.class, () -> GenerationOptions.greedy(1).withRepetitionPenalty(Float.NaN));
        assertThrows(IllegalArgumentException.class, () -> GenerationOptions.greedy(1).withNoRepeatNgram(-1));
        assertEquals(1f, GenerationOptions.greedy(1).repetitionPenalty());
        assertEquals(1.3f, GenerationOptions.greedy(1).withRepetitionPenalty(1.3f).withoutRouting().repetitionPenalty());
    }
}
