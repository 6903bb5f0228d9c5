package dev.moescope.routing.analysis;

/**
 * Pairwise distances between languages from their routing over a band of layers.
 *
 * <p>The band is given in <em>decoder</em> layer indices, inclusive at both ends; the MoE layers
 * inside it are used (at least one must be).
 *
 * <ul>
 *   <li>{@link Measure#JENSEN_SHANNON}: at each layer of the band, the JSD in bits of the two
 *       languages' usage distributions (p_e = activation_e / sum activation), averaged over the
 *       band's layers. In [0, 1].</li>
 *   <li>{@link Measure#COSINE}: 1 - cosine similarity of the activation-frequency vectors
 *       (f per expert) concatenated over the band's layers. In [0, 1], since frequencies are
 *       non-negative.</li>
 * </ul>
 * A language without any tokens (or any recorded activation) at some layer of the band has no
 * usage distribution there; the
 * computation then fails with a message naming the language and the layer.
 */
public final class LanguageDistances {

    public enum Measure { JENSEN_SHANNON, COSINE }

    private LanguageDistances() {
    }

    public static DistanceMatrix compute(RoutingStats stats, int firstDecoderLayer, int lastDecoderLayer, Measure measure) {
        int[] band = stats.layerIndicesInRange(firstDecoderLayer, lastDecoderLayer);
        int n = stats.numLanguages();
        for (int l = 0; l < n; l++) {
            for (int y : band) {
                if (stats.totalTokens()[l][y] == 0 || Distributions.isEmpty(Distributions.normalise(stats.activationTokens()[l][y]))) {
                    throw new IllegalArgumentException("language '" + stats.languages().get(l) + "' has no tokens (or no recorded activations) at decoder layer "
                            + stats.moeLayers()[y] + "; cannot compute its routing distance over layers [" + firstDecoderLayer + ", " + lastDecoderLayer + "]");
                }
            }
        }
        double[][] d = new double[n][n];
        if (measure == Measure.JENSEN_SHANNON) {
            double[][][] usage = new double[n][band.length][]; // [lang][bandLayer][expert]
            for (int l = 0; l < n; l++) {
                for (int b = 0; b < band.length; b++) {
                    usage[l][b] = Distributions.normalise(stats.activationTokens()[l][band[b]]);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double sum = 0;
                    for (int b = 0; b < band.length; b++) {
                        sum += Distributions.jensenShannonBits(usage[i][b], usage[j][b]);
                    }
                    d[i][j] = d[j][i] = sum / band.length;
                }
            }
        } else {
            double[][] vectors = new double[n][]; // [lang][bandLayer * E + expert]
            for (int l = 0; l < n; l++) {
                vectors[l] = concatenatedFrequencies(stats, l, band);
            }
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    // Clamp: rounding can push the cosine of identical vectors slightly above 1.
                    d[i][j] = d[j][i] = Math.min(1.0, Math.max(0.0, 1.0 - Distributions.cosine(vectors[i], vectors[j])));
                }
            }
        }
        return new DistanceMatrix(stats.languages(), d);
    }

    /** Activation frequencies of one language over the given layer indices, end to end. */
    static double[] concatenatedFrequencies(RoutingStats stats, int languageIndex, int[] layerIndices) {
        int e = stats.numExperts();
        double[] vector = new double[layerIndices.length * e];
        for (int b = 0; b < layerIndices.length; b++) {
            double[] f = ActivationFrequency.frequencies(stats, languageIndex, layerIndices[b]);
            System.arraycopy(f, 0, vector, b * e, e);
        }
        return vector;
    }
}
