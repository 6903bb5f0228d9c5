package dev.moescope.app.steering;

import java.util.List;
import java.util.Map;

/**
 * The paper's rule for the steering coefficients {@code s}: layer -> expert -> s, computed from the
 * routing statistics of the target language(s). Supplied by the routing analysis once stats exist.
 */
@FunctionalInterface
public interface SteeringRule {
    Map<Integer, Map<Integer, Double>> coefficients(List<String> targetLanguages);

    /**
     * Toward one language: its exclusive experts at every MoE layer, s = its share (the paper's classification over
     * every collected language); a clear {@link IllegalArgumentException} when it cannot be computed.
     */
    default Map<Integer, Map<Integer, Double>> exclusive(String language) {
        throw new IllegalArgumentException("this steering rule has no expert classification");
    }
}
