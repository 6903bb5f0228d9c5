package dev.moescope.routing.experiment;

import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LayerClassification;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.analysis.SteeringCoefficients;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Steering coefficients s for target languages on a band of MoE layers, applied as z' = z + lambda * s * |z|.
 * Two or more targets use the paper's shared rule ({@link SteeringCoefficients#sharedRule}: experts shared
 * among the targets, s = T1's share). One target uses its exclusive experts (classified over every language of
 * the statistics) with s = its share, so steering favours the experts that language relies on alone.
 */
public record SteeringPlan(List<String> targets, int[] bandDecoderLayers, Map<Integer, Map<Integer, Double>> coefficients) {

    public static SteeringPlan derive(RoutingStats stats, List<String> targets, int[] band, int k, double thr) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("steering needs at least one target language");
        }
        if (targets.size() >= 2) {
            return new SteeringPlan(targets, band, SteeringCoefficients.sharedRule(stats, targets, band, k, thr));
        }
        String target = targets.get(0);
        stats.languageIndex(target); // clear error for an unknown language
        Map<Integer, Map<Integer, Double>> out = new TreeMap<>();
        for (int layer : band) {
            LayerClassification c = ExpertClassification.classifyLayer(stats, layer, k, thr);
            Map<Integer, Double> experts = new TreeMap<>();
            for (int e : c.exclusiveExperts(target)) {
                experts.put(e, c.share(target, e));
            }
            if (!experts.isEmpty()) {
                out.put(layer, Collections.unmodifiableMap(experts));
            }
        }
        return new SteeringPlan(targets, band, Collections.unmodifiableMap(out));
    }

    public int size() {
        return coefficients.values().stream().mapToInt(Map::size).sum();
    }

    public String toJson(double lambda) {
        return InterventionJson.scaled(lambda, coefficients);
    }
}
