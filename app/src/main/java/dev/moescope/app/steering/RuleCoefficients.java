package dev.moescope.app.steering;

import java.util.List;
import java.util.Map;

/** The steering rule's coefficients for the current targets, computed once per rule, mode and targets. */
final class RuleCoefficients {
    private String key;
    private Map<Integer, Map<Integer, Double>> coefficients = Map.of();
    private String problem;

    /** Forget the cache (the rule changed). */
    void clear() {
        key = null;
    }

    /** Why the last computation gave nothing (the rule's message), or null. */
    String problem() {
        return problem;
    }

    /**
     * Toward one language ({@code exclusive}: its exclusive experts) or shared among the targets (T1 first); empty
     * without a rule or targets, or when the rule refuses them ({@link #problem()} says why).
     */
    Map<Integer, Map<Integer, Double>> get(SteeringRule rule, boolean exclusive, List<String> targets) {
        if (rule == null || targets.isEmpty()) {
            problem = null;
            return Map.of();
        }
        String k = exclusive + ":" + targets;
        if (!k.equals(key)) {
            key = k;
            try {
                coefficients = exclusive ? rule.exclusive(targets.get(0)) : rule.coefficients(targets);
                problem = null;
            } catch (IllegalArgumentException e) {
                coefficients = Map.of();
                problem = e.getMessage();
            }
        }
        return coefficients;
    }
}
