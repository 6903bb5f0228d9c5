package dev.moescope.routing.analysis;

import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Steering coefficients by the paper's "shared" rule: steer toward the shared experts that the
 * dominant language T1 relies on.
 *
 * <p>At each MoE layer of the band:
 * <ol>
 *   <li>the shared experts S are those of the expert classification over every language of the
 *       statistics ({@link ExpertClassification}, k and thr): used by several languages, no language
 *       owning a share above thr;</li>
 *   <li>the shares are then recomputed over the target languages T1, T2, ... only (top-k of each
 *       target, normalised across the targets);</li>
 *   <li>every expert of S with a positive T1 share gets s_e = T1's share among the targets.</li>
 * </ol>
 * With a single target s_e = 1 (up to the 1e-10 of the denominator) for every shared expert in T1's
 * top k; with T1 = en and T2 = sw, an expert that en and sw use equally gets 0.5.
 *
 * <p>Why the shared set comes from all languages: classifying over the targets alone can never yield
 * a shared expert when thr &lt; 1/N (the N targets' shares sum to 1, so one is at least 1/N; with the
 * default thr 0.4 and one or two targets, nothing would ever be shared).
 *
 * <p>The result is sorted by layer and expert and omits layers without shared experts; it is empty
 * when the band has no shared expert that T1 uses (fewer than three languages collected, say).
 */
public final class SteeringCoefficients {

    private SteeringCoefficients() {
    }

    /** The shared rule with k = 15, thr = 0.4. */
    public static Map<Integer, Map<Integer, Double>> sharedRule(RoutingStats stats, List<String> targets, int[] bandDecoderLayers) {
        return sharedRule(stats, targets, bandDecoderLayers, ExpertClassification.DEFAULT_TOP_K, ExpertClassification.DEFAULT_THRESHOLD);
    }

    /**
     * @param targets           T1 (the dominant language) first, then the other targets
     * @param bandDecoderLayers decoder indices of the MoE layers to steer
     * @return decoder layer -&gt; (expert id -&gt; s_e), unmodifiable, sorted
     */
    public static Map<Integer, Map<Integer, Double>> sharedRule(RoutingStats stats, List<String> targets, int[] bandDecoderLayers,
                                                                int k, double threshold) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("steering needs at least one target language (the dominant one first)");
        }
        if (new HashSet<>(targets).size() != targets.size()) {
            throw new IllegalArgumentException("steering target languages contain a duplicate: " + targets);
        }
        if (bandDecoderLayers == null || bandDecoderLayers.length == 0) {
            throw new IllegalArgumentException("steering layer band is empty");
        }
        RoutingStats targetStats = stats.withLanguages(targets); // also rejects unknown languages
        String first = targets.get(0);
        Map<Integer, Map<Integer, Double>> coefficients = new TreeMap<>();
        for (int decoderLayer : bandDecoderLayers) {
            LayerClassification all = ExpertClassification.classifyLayer(stats, decoderLayer, k, threshold);
            LayerClassification amongTargets = ExpertClassification.classifyLayer(targetStats, decoderLayer, k, threshold);
            Map<Integer, Double> experts = new TreeMap<>();
            for (int e : all.sharedExperts()) {
                double s = amongTargets.share(first, e);
                if (s > 0) {
                    experts.put(e, s);
                }
            }
            if (!experts.isEmpty()) {
                coefficients.put(decoderLayer, Collections.unmodifiableMap(experts));
            }
        }
        return Collections.unmodifiableMap(coefficients);
    }
}
