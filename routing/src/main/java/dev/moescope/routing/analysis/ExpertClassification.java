package dev.moescope.routing.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's classification of experts into language-exclusive and shared, per layer.
 *
 * <ol>
 *   <li>For each (language, layer) keep the k most frequent experts by activation frequency
 *       (k clamped to E) and set the others to 0. Ties are broken deterministically: among equal
 *       frequencies the lower expert id is kept.</li>
 *   <li>For each (layer, expert) normalise the kept frequencies across languages:
 *       share(L, e) = kept(L, e) / (sum over languages of kept(., e) + 1e-10).</li>
 *   <li>Expert e is <em>exclusive</em> to L when share(L, e) &gt; thr (strictly). With thr &lt; 0.5
 *       an expert can be exclusive to two languages at once; that literal reading is kept.</li>
 *   <li>Expert e is <em>shared</em> when some share &gt; 0 and every share &lt; thr (strictly).
 *       An expert whose largest share is exactly thr is therefore neither.</li>
 * </ol>
 * Defaults: k = 15, thr = 0.4.
 */
public final class ExpertClassification {

    public static final int DEFAULT_TOP_K = 15;
    public static final double DEFAULT_THRESHOLD = 0.4;
    /** Added to the share denominator, as in the paper's code. */
    public static final double EPSILON = 1e-10;

    private ExpertClassification() {
    }

    /**
     * The default k for a model with {@code numExperts} experts per layer: the paper's k = 15 of Qwen3-30B-A3B's 128
     * experts, scaled to the model (round(15 E / 128), at least 1): 15 for 128 experts, 8 for 64, 4 for 32 (the demo),
     * 2 for 16, 1 for 8. With k close to E every expert is in every language's top-k and nothing is exclusive.
     */
    public static int defaultTopK(int numExperts) {
        if (numExperts < 1) {
            throw new IllegalArgumentException("experts per layer must be >= 1, got " + numExperts);
        }
        return (int) Math.max(1, Math.min(numExperts, Math.round(DEFAULT_TOP_K * numExperts / 128.0)));
    }

    /** Classifies every MoE layer with k = 15, thr = 0.4. */
    public static List<LayerClassification> classify(RoutingStats stats) {
        return classify(stats, DEFAULT_TOP_K, DEFAULT_THRESHOLD);
    }

    /** Classifies every MoE layer of the statistics, in layer order. */
    public static List<LayerClassification> classify(RoutingStats stats, int k, double threshold) {
        List<LayerClassification> layers = new ArrayList<>();
        for (int y = 0; y < stats.numLayers(); y++) {
            layers.add(classifyLayer(stats.moeLayers()[y], stats.languages(),
                    ActivationFrequency.frequenciesAtLayer(stats, y), k, threshold));
        }
        return layers;
    }

    /** Classifies one MoE layer, given by its decoder index. */
    public static LayerClassification classifyLayer(RoutingStats stats, int decoderLayer, int k, double threshold) {
        return classifyLayer(decoderLayer, stats.languages(),
                ActivationFrequency.frequenciesAtLayer(stats, stats.layerIndex(decoderLayer)), k, threshold);
    }

    /**
     * Classifies one layer from its frequency matrix.
     *
     * @param frequency [lang][expert] activation frequencies
     */
    public static LayerClassification classifyLayer(int decoderLayer, List<String> languages, double[][] frequency,
                                                    int k, double threshold) {
        if (k < 1) {
            throw new IllegalArgumentException("expert classification: k must be >= 1, got " + k);
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("expert classification: threshold must be in (0, 1], got " + threshold);
        }
        if (frequency.length != languages.size() || frequency.length == 0) {
            throw new IllegalArgumentException("expert classification: " + frequency.length + " frequency rows for languages " + languages);
        }
        int nLang = frequency.length;
        int numExperts = frequency[0].length;
        for (int l = 0; l < nLang; l++) {
            if (frequency[l].length != numExperts) {
                throw new IllegalArgumentException("expert classification at layer " + decoderLayer + ": language '" + languages.get(l)
                        + "' has " + frequency[l].length + " expert frequencies, expected " + numExperts);
            }
            for (double f : frequency[l]) {
                if (!(f >= 0) || Double.isInfinite(f)) {
                    throw new IllegalArgumentException("expert classification at layer " + decoderLayer + ": language '" + languages.get(l)
                            + "' has an invalid frequency " + f);
                }
            }
        }

        double[][] kept = new double[nLang][numExperts]; // [lang][expert], zero outside the top-k
        for (int l = 0; l < nLang; l++) {
            for (int e : topExperts(frequency[l], k)) {
                kept[l][e] = frequency[l][e];
            }
        }

        double[][] share = new double[nLang][numExperts]; // [lang][expert]
        for (int e = 0; e < numExperts; e++) {
            double column = 0;
            for (int l = 0; l < nLang; l++) {
                column += kept[l][e];
            }
            for (int l = 0; l < nLang; l++) {
                share[l][e] = kept[l][e] / (column + EPSILON);
            }
        }

        List<Integer> shared = new ArrayList<>();
        Map<String, List<Integer>> exclusive = new LinkedHashMap<>();
        for (String language : languages) {
            exclusive.put(language, new ArrayList<>());
        }
        for (int e = 0; e < numExperts; e++) {
            boolean anyPositive = false;
            boolean allBelow = true;
            for (int l = 0; l < nLang; l++) {
                double s = share[l][e];
                anyPositive |= s > 0;
                allBelow &= s < threshold;
                if (s > threshold) {
                    exclusive.get(languages.get(l)).add(e);
                }
            }
            if (anyPositive && allBelow) {
                shared.add(e);
            }
        }
        exclusive.replaceAll((language, experts) -> List.copyOf(experts));
        return new LayerClassification(decoderLayer, languages, share, shared, exclusive);
    }

    /**
     * Ids of the min(k, E) largest entries, in rank order (largest first); among equal values the
     * lower id ranks first.
     */
    public static int[] topExperts(double[] frequency, int k) {
        int n = Math.min(k, frequency.length);
        Integer[] order = new Integer[frequency.length];
        for (int e = 0; e < order.length; e++) {
            order[e] = e;
        }
        // Stable sort by descending value keeps ascending ids among ties.
        java.util.Arrays.sort(order, (a, b) -> Double.compare(frequency[b], frequency[a]));
        int[] top = new int[n];
        for (int i = 0; i < n; i++) {
            top[i] = order[i];
        }
        return top;
    }
}
