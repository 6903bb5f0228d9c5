package dev.moescope.routing.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Which experts a steering plan boosts, and with which s_e (see {@link SteeringCoefficients}). */
public enum SteeringExpertRule {
    /** The paper's rule ({@code get_target_shared_experts}): shared among the targets only; the default. */
    PAPER("paper"),
    /** moescope's earlier variant: shared over every collected language and used by T1. */
    ALL_LANGUAGES("all-languages"),
    /** The paper's {@code aggregate_experts}: the targets' summed share over every language &ge; thr. */
    AGGREGATE("aggregate");

    private final String id;

    SteeringExpertRule(String id) {
        this.id = id;
    }

    /** The name used on the command line and in the app ("paper", "all-languages", "aggregate"). */
    public String id() {
        return id;
    }

    /** decoder layer -&gt; (expert -&gt; s_e) for the targets (T1 first) on the band. */
    public Map<Integer, Map<Integer, Double>> coefficients(RoutingStats stats, List<String> targets, int[] bandDecoderLayers,
                                                           int k, double threshold) {
        return switch (this) {
            case PAPER -> SteeringCoefficients.paperRule(stats, targets, bandDecoderLayers, k, threshold);
            case ALL_LANGUAGES -> SteeringCoefficients.allLanguagesRule(stats, targets, bandDecoderLayers, k, threshold);
            case AGGREGATE -> SteeringCoefficients.aggregateRule(stats, targets, bandDecoderLayers, k, threshold);
        };
    }

    public static SteeringExpertRule parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (SteeringExpertRule r : values()) {
            if (r.id.equals(t)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown steering rule '" + text + "'; expected paper, all-languages or aggregate");
    }
}
