package dev.moescope.app;

import dev.moescope.app.steering.SteeringRule;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.analysis.SteeringCoefficients;
import java.util.List;
import java.util.Map;

/** The paper's shared-expert rule over the collected statistics, for every MoE layer at once. */
final class StatsSteeringRule implements SteeringRule {
    private final RoutingStats stats;

    StatsSteeringRule(RoutingStats stats) {
        this.stats = stats;
    }

    @Override
    public Map<Integer, Map<Integer, Double>> coefficients(List<String> targets) {
        List<String> missing = targets.stream().filter(t -> !stats.languages().contains(t)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("no routing statistics for " + String.join(", ", missing) + " (collect it first)");
        }
        return SteeringCoefficients.sharedRule(stats, targets, stats.moeLayers());
    }
}
