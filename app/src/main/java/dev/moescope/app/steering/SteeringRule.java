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
}
