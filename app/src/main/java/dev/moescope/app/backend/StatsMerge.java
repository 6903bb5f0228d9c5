package dev.moescope.app.backend;

import dev.moescope.routing.analysis.RoutingStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Stacks statistics of disjoint language sets (same model) into one {@link RoutingStats}. */
public final class StatsMerge {
    private StatsMerge() {}

    public static RoutingStats concat(List<RoutingStats> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no statistics to merge");
        }
        RoutingStats first = parts.get(0);
        List<String> langs = new ArrayList<>();
        List<long[]> total = new ArrayList<>();
        List<long[][]> act = new ArrayList<>();
        List<double[][]> gate = new ArrayList<>();
        List<double[]> entropy = new ArrayList<>();
        for (RoutingStats p : parts) {
            if (!Arrays.equals(p.moeLayers(), first.moeLayers()) || p.numExperts() != first.numExperts()) {
                throw new IllegalArgumentException("statistics of different models cannot be merged");
            }
            for (int i = 0; i < p.numLanguages(); i++) {
                langs.add(p.languages().get(i));
                total.add(p.totalTokens()[i]);
                act.add(p.activationTokens()[i]);
                gate.add(p.gateValuesSum()[i]);
                entropy.add(p.softmaxEntropySum()[i]);
            }
        }
        return new RoutingStats(langs, first.moeLayers(), first.numExperts(), first.topK(),
                total.toArray(long[][]::new), act.toArray(long[][][]::new), gate.toArray(double[][][]::new),
                entropy.toArray(double[][]::new));
    }
}
