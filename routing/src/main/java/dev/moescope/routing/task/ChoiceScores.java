package dev.moescope.routing.task;

import java.util.List;

/**
 * Multiple choice by log-likelihood: each option's summed log-probability (natural log) of its tokens after the
 * prompt, and two length-normalised forms of it; the prediction is the option with the highest score (the first one
 * on a tie).
 */
public final class ChoiceScores {
    private ChoiceScores() {
    }

    /** One option: sum of ln p over its tokens, how many tokens, and the UTF-8 bytes of its continuation text. */
    public record OptionScore(double logProb, int tokens, long bytes) {
        public double perToken() {
            return logProb / tokens;
        }

        public double perByte() {
            return logProb / bytes;
        }
    }

    /** How options are compared. */
    public enum Normalisation {
        /** the summed log-probability (favours short options) */
        SUM("correct_sum"),
        /** summed log-probability / option tokens */
        PER_TOKEN("correct_per_token"),
        /** summed log-probability / option UTF-8 bytes (lm-evaluation-harness's acc_norm) */
        PER_BYTE("correct_per_byte");

        private final String count;

        Normalisation(String count) {
            this.count = count;
        }

        /** The name of the count of correct records in a stored result. */
        public String count() {
            return count;
        }

        public double score(OptionScore s) {
            return switch (this) {
                case SUM -> s.logProb();
                case PER_TOKEN -> s.perToken();
                case PER_BYTE -> s.perByte();
            };
        }
    }

    /** The index of the best option under {@code n}; the first of equal scores. */
    public static int predict(List<OptionScore> options, Normalisation n) {
        int best = 0;
        for (int i = 1; i < options.size(); i++) {
            if (n.score(options.get(i)) > n.score(options.get(best))) {
                best = i;
            }
        }
        return best;
    }
}
