package dev.moescope.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Sampled generation with the demo decoding settings repeats for a seed, and a steering of strength 0 gives exactly
 * the unsteered tokens: the baseline and the steered output of the steering tab differ only by the steering.
 */
class SeededGenerationTest {

    @Test
    void lambdaZeroGivesTheBaselineTokensUnderSampling() {
        try (MoeModel m = MoeModel.load(FixtureCases.root().resolve("qwen3_moe/model"), LoadOptions.cpu())) {
            GenerationOptions opts = new GenerationOptions(12, 0.8f, 0.9f, 7L, false).withRepetitionPenalty(1.3f);
            int[] prompt = {72, 101, 108, 108, 111, 44, 32};
            int[] baseline = m.generate(prompt, opts, RouterIntervention.NONE, null, null).tokens();
            int[] again = m.generate(prompt, opts, RouterIntervention.NONE, null, null).tokens();
            RouterIntervention zero = RouterIntervention.scaled(0, Map.of(m.moeLayers().get(0), Map.of(0, 1.0, 1, 0.5)));
            int[] steeredAtZero = m.generate(prompt, opts, zero, null, null).tokens();
            assertEquals(12, baseline.length);
            assertArrayEquals(baseline, again, "same seed and options: same tokens");
            assertArrayEquals(baseline, steeredAtZero, "lambda 0 changes nothing");
        }
    }
}
