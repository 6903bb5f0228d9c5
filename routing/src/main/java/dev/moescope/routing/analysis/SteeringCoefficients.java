package dev.moescope.routing.analysis;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Steering coefficients by the paper's "shared" rule.
 *
 * <p>For target languages T1, T2, ... (at least two) and a band of MoE layers: at each layer, the
 * experts are classified ({@link ExpertClassification}) using only the target languages'
 * frequencies; every expert that is shared among the targets gets the coefficient
 * s_e = share(T1, e), the first target's share in it.
 *
 * <p>Because the shares of N targets sum to 1, an expert can only be shared when thr &gt;= 1/N:
 * with the default thr = 0.4 that needs at least three targets. Fewer is rejected with a message
 * rather than returning an empty result.
 *
 * <p>The result is sorted by layer and expert and omits layers without shared experts. Another
 * component writes it as {@code {"scaled":{"lambda":X,"experts":{"<layer>":{"<expert>":s}}}}}.
 */
public final class SteeringCoefficients {

    private SteeringCoefficients() {
    }

    /** The shared rule with k = 15, thr = 0.4. */
    public static Map<Integer, Map<Integer, Double>> sharedRule(RoutingStats stats, List<String> targets, int[] bandDecoderLayers) {
        return sharedRule(stats, targets, bandDecoderLayers, ExpertClassification.DEFAULT_TOP_K, ExpertClassification.DEFAULT_THRESHOLD);
    }

    /**
     * @param targets           T1 first; at least two distinct languages of the statistics
     * @param bandDecoderLayers decoder indices of the MoE layers to steer
     * @return decoder layer -&gt; (expert id -&gt; s_e), unmodifiable, sorted
     */
    public static Map<Integer, Map<Integer, Double>> sharedRule(RoutingStats stats, List<String> targets, int[] bandDecoderLayers,
                                                                int k, double threshold) {
        if (targets == null || targets.size() < 2) {
            throw new IllegalArgumentException("steering by the shared rule needs at least two target languages (T1 first), got " + targets
                    + "; with one language every used expert is exclusive to it and none is shared");
        }
        if (new HashSet<>(targets).size() != targets.size()) {
            throw new IllegalArgumentException("steering target languages contain a duplicate: " + targets);
        }
        if (targets.size() * threshold < 1.0) {
            // Shares over N languages sum to (just under) 1, so some share is >= 1/N: if thr < 1/N
            // no expert can have every share below thr, and the rule would silently steer nothing.
            throw new IllegalArgumentException("with " + targets.size() + " target languages " + targets + " and threshold " + threshold
                    + " no expert can be shared (the targets' shares sum to 1, so one of them is at least 1/" + targets.size()
                    + "); use a threshold >= " + (1.0 / targets.size()) + " or more target languages");
        }
        if (bandDecoderLayers == null || bandDecoderLayers.length == 0) {
            throw new IllegalArgumentException("steering layer band is empty");
        }
        RoutingStats targetStats = stats.withLanguages(targets);
        String first = targets.get(0);
        Map<Integer, Map<Integer, Double>> coefficients = new TreeMap<>();
        for (int decoderLayer : bandDecoderLayers) {
            LayerClassification layer = ExpertClassification.classifyLayer(targetStats, decoderLayer, k, threshold);
            Map<Integer, Double> experts = new TreeMap<>();
            for (int e : layer.sharedExperts()) {
                experts.put(e, layer.share(first, e));
            }
            if (!experts.isEmpty()) {
                coefficients.put(decoderLayer, Collections.unmodifiableMap(experts));
            }
        }
        return Collections.unmodifiableMap(coefficients);
    }
}
