package dev.moescope.app;

import dev.moescope.app.steering.SteeringRule;
import dev.moescope.routing.analysis.PaperSettings;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.analysis.SteeringExpertRule;
import java.util.List;
import java.util.Map;

/**
 * The steering tab's coefficients: the same code and defaults as {@code moescope steer-plan} (the paper's rule,
 * k 20, thr 0.7), over every MoE layer at once; the tab keeps its band.
 */
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
        if (targets.size() < 2) {
            throw new IllegalArgumentException("the paper's rule needs two target languages (T1 first): among one target "
                    + "its share is always 1, so no expert is shared");
        }
        return SteeringExpertRule.PAPER.coefficients(stats, targets, stats.moeLayers(),
                PaperSettings.STEER_TOP_K, PaperSettings.STEER_THRESHOLD);
    }

    /**
     * X's exclusive experts at the classification's defaults for this model (k = 15 of 128 experts scaled to its
     * experts, thr 0.4), as {@code moescope steer-curve}.
     */
    @Override
    public Map<Integer, Map<Integer, Double>> exclusive(String language) {
        if (!stats.languages().contains(language)) {
            throw new IllegalArgumentException("no routing statistics for " + language + " (collect it first)");
        }
        if (stats.languages().size() < 2) {
            throw new IllegalArgumentException("exclusive experts need the statistics of at least two languages");
        }
        return dev.moescope.routing.analysis.SteeringCoefficients.exclusiveRule(stats, language, stats.moeLayers(),
                dev.moescope.routing.analysis.ExpertClassification.defaultTopK(stats.numExperts()),
                dev.moescope.routing.analysis.ExpertClassification.DEFAULT_THRESHOLD);
    }
}
