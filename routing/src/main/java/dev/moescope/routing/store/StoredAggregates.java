package dev.moescope.routing.store;

import dev.moescope.routing.analysis.RoutingStats;

import java.util.List;

/**
 * The per-run recorder totals (indices: language, position in {@code moeLayers}, expert), as the paper counts
 * them: every prompt token of every completed sample.
 *
 * @param totalTokens       [lang][layer] tokens routed
 * @param activationTokens  [lang][layer][e] tokens that selected expert e in their top-k
 * @param gateValuesSum     [lang][layer][e] sum of e's routing weight over those tokens
 * @param softmaxEntropySum [lang][layer] sum of router-softmax entropies (nats)
 */
public record StoredAggregates(List<String> languages, List<Integer> moeLayers, int numExperts, int topK,
                               long[][] totalTokens, long[][][] activationTokens, double[][][] gateValuesSum,
                               double[][] softmaxEntropySum) {

    /** The analysis view of these totals (validated by {@link RoutingStats}). */
    public RoutingStats toRoutingStats() {
        return new RoutingStats(languages, moeLayers.stream().mapToInt(Integer::intValue).toArray(), numExperts, topK,
                totalTokens, activationTokens, gateValuesSum, softmaxEntropySum);
    }
}
