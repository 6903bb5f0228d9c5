package dev.moescope.routing.experiment;

import dev.moescope.bridge.RouterIntervention;

/** A {@link ScoringModel} that can also generate text under a router intervention. */
public interface GeneratingModel extends ScoringModel {

    /**
     * Decoding settings: greedy when {@code temperature} is 0, else seeded temperature / top-k / top-p sampling.
     *
     * @param topK 0 for no top-k limit
     */
    record Sampling(int maxNewTokens, float temperature, float topP, int topK, long seed) {
        public Sampling {
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("max new tokens must be >= 1, got " + maxNewTokens);
            }
            if (temperature < 0 || Float.isNaN(temperature)) {
                throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
            }
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
            }
            if (topK < 0) {
                throw new IllegalArgumentException("top-k must be >= 0 (0: no limit), got " + topK);
            }
        }

        /** The paper's settings (temperature 0.7, top-p 0.8, top-k 20). */
        public static Sampling paper(int maxNewTokens, long seed) {
            return new Sampling(maxNewTokens, 0.7f, 0.8f, 20, seed);
        }

        public static Sampling greedy(int maxNewTokens) {
            return new Sampling(maxNewTokens, 0f, 1f, 0, 0L);
        }

        public boolean isGreedy() {
            return temperature == 0f;
        }

        /** The same settings with another seed (one per task record, so each repeats on its own). */
        public Sampling withSeed(long s) {
            return new Sampling(maxNewTokens, temperature, topP, topK, s);
        }

        /** Stable text of the settings, part of a cache key. */
        public String key() {
            return isGreedy() ? "greedy,max=" + maxNewTokens
                    : "t=" + temperature + ",p=" + topP + ",k=" + topK + ",seed=" + seed + ",max=" + maxNewTokens;
        }
    }

    /**
     * The text generated after {@code prompt} (token ids) with the intervention on every MoE router, up to the first
     * end-of-sequence token (not included) or {@code sampling.maxNewTokens()} tokens.
     */
    String generate(int[] prompt, Sampling sampling, RouterIntervention intervention);
}
