package dev.moescope.routing.analysis;

/**
 * Per-expert rates of a language at a layer, normalised by the number of tokens.
 *
 * <ul>
 *   <li>activation frequency f(lang, layer, e) = activationTokens / totalTokens: the share of the
 *       language's tokens whose top-k contained expert e (each row sums to topK);</li>
 *   <li>gate importance g(lang, layer, e) = gateValuesSum / totalTokens: the mean gate weight the
 *       expert received per token.</li>
 * </ul>
 * A (language, layer) with zero tokens gets all zeros, never NaN.
 */
public final class ActivationFrequency {

    private ActivationFrequency() {
    }

    /** f[lang][layerIdx][expert]. */
    public static double[][][] frequencies(RoutingStats stats) {
        double[][][] f = new double[stats.numLanguages()][stats.numLayers()][];
        for (int l = 0; l < stats.numLanguages(); l++) {
            for (int y = 0; y < stats.numLayers(); y++) {
                f[l][y] = frequencies(stats, l, y);
            }
        }
        return f;
    }

    /** f[expert] of one language (index) at one layer (index). */
    public static double[] frequencies(RoutingStats stats, int languageIndex, int layerIndex) {
        return divide(stats.activationTokens()[languageIndex][layerIndex], stats.totalTokens()[languageIndex][layerIndex]);
    }

    /** f[expert] of one language at one decoder layer. */
    public static double[] frequencies(RoutingStats stats, String language, int decoderLayer) {
        return frequencies(stats, stats.languageIndex(language), stats.layerIndex(decoderLayer));
    }

    /** g[lang][layerIdx][expert]. */
    public static double[][][] gateImportance(RoutingStats stats) {
        double[][][] g = new double[stats.numLanguages()][stats.numLayers()][];
        for (int l = 0; l < stats.numLanguages(); l++) {
            for (int y = 0; y < stats.numLayers(); y++) {
                g[l][y] = gateImportance(stats, l, y);
            }
        }
        return g;
    }

    /** g[expert] of one language (index) at one layer (index). */
    public static double[] gateImportance(RoutingStats stats, int languageIndex, int layerIndex) {
        double[] sums = stats.gateValuesSum()[languageIndex][layerIndex];
        long total = stats.totalTokens()[languageIndex][layerIndex];
        double[] g = new double[sums.length];
        if (total > 0) {
            for (int e = 0; e < sums.length; e++) {
                g[e] = sums[e] / total;
            }
        }
        return g;
    }

    /** f[lang][expert] at one layer (index): the matrix the expert classification works on. */
    public static double[][] frequenciesAtLayer(RoutingStats stats, int layerIndex) {
        double[][] f = new double[stats.numLanguages()][];
        for (int l = 0; l < stats.numLanguages(); l++) {
            f[l] = frequencies(stats, l, layerIndex);
        }
        return f;
    }

    /** counts / total element-wise; zeros when total is 0. */
    static double[] divide(long[] counts, long total) {
        double[] rate = new double[counts.length];
        if (total > 0) {
            for (int e = 0; e < counts.length; e++) {
                rate[e] = (double) counts[e] / total;
            }
        }
        return rate;
    }
}
