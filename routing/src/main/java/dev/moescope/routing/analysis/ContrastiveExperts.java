package dev.moescope.routing.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Experts that one language (or group of languages) uses more than another, ranked by the risk
 * difference f(A) - f(B).
 *
 * <p>A group's frequency pools its languages: f(G, layer, e) = sum over G of activation tokens /
 * sum over G of total tokens, so languages weigh by their token counts (0 when the group has no
 * tokens at the layer). Rankings put the largest risk difference first (experts A favours); ties go
 * to the lower layer, then the lower expert id. For the experts B favours, swap the groups.
 */
public final class ContrastiveExperts {

    private static final Comparator<ExpertContrast> RANKING = Comparator
            .comparingDouble(ExpertContrast::riskDifference).reversed()
            .thenComparingInt(ExpertContrast::decoderLayer)
            .thenComparingInt(ExpertContrast::expert);

    private ContrastiveExperts() {
    }

    /** Every (layer, expert) contrast, in layer then expert order. */
    public static List<ExpertContrast> all(RoutingStats stats, List<String> groupA, List<String> groupB) {
        checkGroups(stats, groupA, groupB);
        List<ExpertContrast> contrasts = new ArrayList<>();
        for (int y = 0; y < stats.numLayers(); y++) {
            double[] fa = pooledFrequencies(stats, groupA, y);
            double[] fb = pooledFrequencies(stats, groupB, y);
            for (int e = 0; e < stats.numExperts(); e++) {
                contrasts.add(new ExpertContrast(stats.moeLayers()[y], e, fa[e], fb[e], fa[e] - fb[e]));
            }
        }
        return contrasts;
    }

    /** Decoder layer -&gt; the n experts with the largest risk difference there, ranked. */
    public static Map<Integer, List<ExpertContrast>> topPerLayer(RoutingStats stats, List<String> groupA, List<String> groupB, int n) {
        checkTopN(n);
        Map<Integer, List<ExpertContrast>> top = new LinkedHashMap<>();
        for (ExpertContrast c : all(stats, groupA, groupB)) {
            top.computeIfAbsent(c.decoderLayer(), layer -> new ArrayList<>()).add(c);
        }
        top.replaceAll((layer, list) -> list.stream().sorted(RANKING).limit(n).toList());
        return top;
    }

    /** The n (layer, expert) pairs with the largest risk difference over all layers, ranked. */
    public static List<ExpertContrast> topOverall(RoutingStats stats, List<String> groupA, List<String> groupB, int n) {
        checkTopN(n);
        return all(stats, groupA, groupB).stream().sorted(RANKING).limit(n).toList();
    }

    /** Pooled f[expert] of a group of languages at one layer index. */
    public static double[] pooledFrequencies(RoutingStats stats, List<String> group, int layerIndex) {
        long total = 0;
        long[] activations = new long[stats.numExperts()];
        for (String language : group) {
            int l = stats.languageIndex(language);
            total += stats.totalTokens()[l][layerIndex];
            long[] row = stats.activationTokens()[l][layerIndex];
            for (int e = 0; e < activations.length; e++) {
                activations[e] += row[e];
            }
        }
        return ActivationFrequency.divide(activations, total);
    }

    private static void checkGroups(RoutingStats stats, List<String> groupA, List<String> groupB) {
        if (groupA == null || groupA.isEmpty() || groupB == null || groupB.isEmpty()) {
            throw new IllegalArgumentException("contrastive experts need two non-empty language groups, got " + groupA + " and " + groupB);
        }
        Set<String> a = new HashSet<>(groupA);
        for (String language : groupB) {
            if (a.contains(language)) {
                throw new IllegalArgumentException("language '" + language + "' is in both contrast groups " + groupA + " and " + groupB);
            }
        }
        groupA.forEach(stats::languageIndex);
        groupB.forEach(stats::languageIndex);
    }

    private static void checkTopN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("top-N must be >= 1, got " + n);
        }
    }
}
