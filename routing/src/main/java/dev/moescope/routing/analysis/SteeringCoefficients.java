package dev.moescope.routing.analysis;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Steering coefficients s_e for target languages T1, T2, ... on a band of MoE layers, applied as
 * z' = z + lambda * s * |z| before the router's softmax. Three rules (see {@link SteeringExpertRule}):
 *
 * <ul>
 *   <li>{@link #paperRule the paper's rule} ({@code get_target_shared_experts} in the paper's
 *       {@code steer/vllm_steer_polymath.py}, run with {@code --shared}): the expert classification over
 *       <em>the targets only</em> (each target's top-k by activation frequency, shares normalised across the
 *       targets, +1e-10); an expert is kept when some share &gt; 0 and every share &lt; thr, with s_e = T1's share.
 *       The experts one target dominates (share &ge; thr) are left out, and with one target nothing is kept
 *       (its share is always ~1).</li>
 *   <li>{@link #allLanguagesRule all languages}: moescope's earlier variant. The shared experts of the
 *       classification over <em>every</em> language of the statistics that T1 uses, with s_e = T1's share among
 *       the targets. It keeps working with one target and with thr &lt; 1/N, and it also steers the experts T1
 *       dominates among the targets (on the paper's Qwen3-30B-A3B data, en,zh at k 20, thr 0.7, layers 10-39:
 *       523 experts where the paper's rule steers 420).</li>
 *   <li>{@link #aggregateRule aggregate} ({@code aggregate_experts}, the paper's script without
 *       {@code --shared}): the classification over every language; an expert is kept when the targets' summed
 *       share is &ge; thr, with s_e = that sum.</li>
 * </ul>
 *
 * <p>Results are sorted by layer and expert and omit layers where nothing is kept.
 */
public final class SteeringCoefficients {

    private SteeringCoefficients() {
    }

    /**
     * The paper's rule: classification over the targets only, keep any(share &gt; 0) and all(share &lt; thr),
     * s_e = T1's share.
     *
     * @param targets           T1 first, then the other targets
     * @param bandDecoderLayers decoder indices of the MoE layers to steer
     * @return decoder layer -&gt; (expert id -&gt; s_e), unmodifiable, sorted
     */
    public static Map<Integer, Map<Integer, Double>> paperRule(RoutingStats stats, List<String> targets, int[] bandDecoderLayers,
                                                               int k, double threshold) {
        RoutingStats targetStats = checked(stats, targets, bandDecoderLayers);
        String first = targets.get(0);
        return collect(bandDecoderLayers, decoderLayer -> {
            LayerClassification amongTargets = ExpertClassification.classifyLayer(targetStats, decoderLayer, k, threshold);
            Map<Integer, Double> experts = new TreeMap<>();
            for (int e : amongTargets.sharedExperts()) {
                experts.put(e, amongTargets.share(first, e));
            }
            return experts;
        });
    }

    /**
     * The all-languages variant: the shared experts over every language of the statistics that T1 uses, with
     * s_e = T1's share among the targets.
     */
    public static Map<Integer, Map<Integer, Double>> allLanguagesRule(RoutingStats stats, List<String> targets, int[] bandDecoderLayers,
                                                                      int k, double threshold) {
        RoutingStats targetStats = checked(stats, targets, bandDecoderLayers);
        String first = targets.get(0);
        return collect(bandDecoderLayers, decoderLayer -> {
            LayerClassification all = ExpertClassification.classifyLayer(stats, decoderLayer, k, threshold);
            LayerClassification amongTargets = ExpertClassification.classifyLayer(targetStats, decoderLayer, k, threshold);
            Map<Integer, Double> experts = new TreeMap<>();
            for (int e : all.sharedExperts()) {
                double s = amongTargets.share(first, e);
                if (s > 0) {
                    experts.put(e, s);
                }
            }
            return experts;
        });
    }

    /**
     * The paper's aggregate mode: over every language of the statistics, keep an expert when the targets'
     * summed share is &ge; thr, with s_e = that sum.
     */
    public static Map<Integer, Map<Integer, Double>> aggregateRule(RoutingStats stats, List<String> targets, int[] bandDecoderLayers,
                                                                   int k, double threshold) {
        checked(stats, targets, bandDecoderLayers);
        return collect(bandDecoderLayers, decoderLayer -> {
            LayerClassification all = ExpertClassification.classifyLayer(stats, decoderLayer, k, threshold);
            double[] summed = summedShare(all, targets);
            Map<Integer, Double> experts = new TreeMap<>();
            for (int e = 0; e < summed.length; e++) {
                if (summed[e] >= threshold) {
                    experts.put(e, summed[e]);
                }
            }
            return experts;
        });
    }

    /**
     * Toward one language: its exclusive experts of the classification over every language of the statistics (the
     * paper's rule: top-k by activation frequency, share &gt; thr), with s_e = the language's share. Used by the
     * steering tab's and {@code moescope steer-curve}'s "toward X" preset on the early and late bands.
     */
    public static Map<Integer, Map<Integer, Double>> exclusiveRule(RoutingStats stats, String language, int[] bandDecoderLayers,
                                                                   int k, double threshold) {
        checked(stats, List.of(language), bandDecoderLayers);
        return collect(bandDecoderLayers, decoderLayer -> {
            LayerClassification all = ExpertClassification.classifyLayer(stats, decoderLayer, k, threshold);
            Map<Integer, Double> experts = new TreeMap<>();
            for (int e : all.exclusiveExperts(language)) {
                experts.put(e, all.share(language, e));
            }
            return experts;
        });
    }

    /** Decoder layers of the early and the late band ({@link LayerBand}), ascending, each once. */
    public static int[] earlyAndLate(int[] moeLayers) {
        return java.util.stream.IntStream.concat(java.util.Arrays.stream(LayerBand.EARLY.decoderLayers(moeLayers)),
                java.util.Arrays.stream(LayerBand.LATE.decoderLayers(moeLayers))).distinct().sorted().toArray();
    }

    /** [expert] the targets' shares summed, as the paper's scripts sum them for a comma-separated target. */
    public static double[] summedShare(LayerClassification layer, List<String> targets) {
        int numExperts = layer.share().length == 0 ? 0 : layer.share()[0].length;
        double[] summed = new double[numExperts];
        for (String t : targets) {
            for (int e = 0; e < numExperts; e++) {
                summed[e] += layer.share(t, e);
            }
        }
        return summed;
    }

    /** Validates the request; returns the statistics restricted to the targets (which rejects unknown ones). */
    private static RoutingStats checked(RoutingStats stats, List<String> targets, int[] bandDecoderLayers) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("steering needs at least one target language (the dominant one first)");
        }
        if (new HashSet<>(targets).size() != targets.size()) {
            throw new IllegalArgumentException("steering target languages contain a duplicate: " + targets);
        }
        if (bandDecoderLayers == null || bandDecoderLayers.length == 0) {
            throw new IllegalArgumentException("steering layer band is empty");
        }
        return stats.withLanguages(targets);
    }

    private interface LayerRule {
        Map<Integer, Double> experts(int decoderLayer);
    }

    private static Map<Integer, Map<Integer, Double>> collect(int[] bandDecoderLayers, LayerRule rule) {
        Map<Integer, Map<Integer, Double>> coefficients = new TreeMap<>();
        for (int decoderLayer : bandDecoderLayers) {
            Map<Integer, Double> experts = rule.experts(decoderLayer);
            if (!experts.isEmpty()) {
                coefficients.put(decoderLayer, Collections.unmodifiableMap(experts));
            }
        }
        return Collections.unmodifiableMap(coefficients);
    }
}
