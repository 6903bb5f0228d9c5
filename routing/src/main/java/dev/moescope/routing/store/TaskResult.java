package dev.moescope.routing.store;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A task-level result of one language under one intervention: how many task records were evaluated and named sums
 * over them (e.g. {@code correct_sum}: records whose answer had the highest summed log-probability). A metric is a
 * sum divided by {@code samples}.
 */
public record TaskResult(String lang, int samples, Map<String, Double> counts) {
    public TaskResult {
        counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    /** {@code counts[name] / samples}; NaN for no samples; an unknown name is an error. */
    public double share(String name) {
        Double c = counts.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no count '" + name + "' in the task result of " + lang + ": " + counts.keySet());
        }
        return samples == 0 ? Double.NaN : c / samples;
    }
}
