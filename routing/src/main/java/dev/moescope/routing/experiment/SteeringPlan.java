package dev.moescope.routing.experiment;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.analysis.SteeringCoefficients;

import java.util.List;
import java.util.Map;

/**
 * Steering coefficients s for target languages on a band of MoE layers, applied as z' = z + lambda * s * |z|.
 * The coefficients follow the paper's shared rule ({@link SteeringCoefficients#sharedRule}): the shared experts
 * (classified over every language of the statistics) that T1 uses, with s = T1's share among the targets.
 */
public record SteeringPlan(List<String> targets, int[] bandDecoderLayers, Map<Integer, Map<Integer, Double>> coefficients) {

    public static SteeringPlan derive(RoutingStats stats, List<String> targets, int[] band, int k, double thr) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("steering needs at least one target language");
        }
        return new SteeringPlan(targets, band, SteeringCoefficients.sharedRule(stats, targets, band, k, thr));
    }

    public int size() {
        return coefficients.values().stream().mapToInt(Map::size).sum();
    }

    /** The plan as an intervention: {@code z' = z + lambda * s * |z|}. */
    public RouterIntervention intervention(double lambda) {
        return RouterIntervention.scaled(lambda, coefficients);
    }
}
