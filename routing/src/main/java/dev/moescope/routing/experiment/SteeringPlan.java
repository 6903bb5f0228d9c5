package dev.moescope.routing.experiment;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.analysis.SteeringCoefficients;
import dev.moescope.routing.analysis.SteeringExpertRule;

import java.util.List;
import java.util.Map;

/**
 * Steering coefficients s for target languages on a band of MoE layers, applied as z' = z + lambda * s * |z|,
 * chosen by a {@link SteeringExpertRule} (the paper's rule by default; see {@link SteeringCoefficients}).
 */
public record SteeringPlan(List<String> targets, SteeringExpertRule rule, int[] bandDecoderLayers,
                           Map<Integer, Map<Integer, Double>> coefficients) {

    /** The paper's rule. */
    public static SteeringPlan derive(RoutingStats stats, List<String> targets, int[] band, int k, double thr) {
        return derive(stats, SteeringExpertRule.PAPER, targets, band, k, thr);
    }

    public static SteeringPlan derive(RoutingStats stats, SteeringExpertRule rule, List<String> targets, int[] band,
                                      int k, double thr) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("steering needs at least one target language");
        }
        return new SteeringPlan(targets, rule, band, rule.coefficients(stats, targets, band, k, thr));
    }

    public int size() {
        return coefficients.values().stream().mapToInt(Map::size).sum();
    }

    /** The plan as an intervention: {@code z' = z + lambda * s * |z|}. */
    public RouterIntervention intervention(double lambda) {
        return RouterIntervention.scaled(lambda, coefficients);
    }
}
