package dev.moescope.routing.analysis;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Routing statistics aggregated over a corpus, per language and MoE layer: the input of every
 * analysis in this package.
 *
 * <p>Indices: {@code lang} indexes {@link #languages()}, {@code layerIdx} indexes
 * {@link #moeLayers()} (which holds decoder layer indices, strictly increasing), {@code expert}
 * is the router's expert id in {@code [0, numExperts)}. Public methods that take a language code
 * or a decoder layer translate them to indices and fail with a clear message when unknown.
 *
 * <p>The compact constructor validates shapes and values and stores deep copies, so an instance
 * cannot be changed through the arrays it was built from. The array accessors return the stored
 * arrays (no copy, for speed); callers must not write into them.
 *
 * @param languages          language codes, distinct, e.g. {@code ["en", "de", "zh"]}
 * @param moeLayers          decoder layer index of each MoE layer, strictly increasing
 * @param numExperts         routed experts per MoE layer (E)
 * @param topK               experts chosen per token (k of the router's top-k)
 * @param totalTokens        [lang][layerIdx] tokens routed
 * @param activationTokens   [lang][layerIdx][expert] tokens whose top-k contained the expert
 * @param gateValuesSum      [lang][layerIdx][expert] sum over tokens of the expert's gate value
 *                           (0 for tokens that did not select it)
 * @param softmaxEntropySum  [lang][layerIdx] sum over tokens of the entropy (nats) of the
 *                           router's softmax over all E experts
 */
public record RoutingStats(
        List<String> languages,
        int[] moeLayers,
        int numExperts,
        int topK,
        long[][] totalTokens,
        long[][][] activationTokens,
        double[][][] gateValuesSum,
        double[][] softmaxEntropySum) {

    public RoutingStats {
        if (languages == null || languages.isEmpty()) {
            throw new IllegalArgumentException("RoutingStats: languages must not be empty");
        }
        Set<String> seen = new HashSet<>();
        for (String code : languages) {
            if (code == null || code.isBlank()) {
                throw new IllegalArgumentException("RoutingStats: languages contains a blank code: " + languages);
            }
            if (!seen.add(code)) {
                throw new IllegalArgumentException("RoutingStats: language '" + code + "' is listed twice");
            }
        }
        languages = List.copyOf(languages);
        if (moeLayers == null || moeLayers.length == 0) {
            throw new IllegalArgumentException("RoutingStats: moeLayers must not be empty");
        }
        for (int i = 0; i < moeLayers.length; i++) {
            if (moeLayers[i] < 0 || (i > 0 && moeLayers[i] <= moeLayers[i - 1])) {
                throw new IllegalArgumentException("RoutingStats: moeLayers must be non-negative and strictly increasing, got "
                        + java.util.Arrays.toString(moeLayers));
            }
        }
        moeLayers = moeLayers.clone();
        if (numExperts < 1) {
            throw new IllegalArgumentException("RoutingStats: numExperts must be >= 1, got " + numExperts);
        }
        if (topK < 1 || topK > numExperts) {
            throw new IllegalArgumentException("RoutingStats: topK must be in [1, numExperts=" + numExperts + "], got " + topK);
        }
        int nLang = languages.size();
        int nLayer = moeLayers.length;
        StatsShape.checkRows("totalTokens", totalTokens, nLang);
        StatsShape.checkRows("activationTokens", activationTokens, nLang);
        StatsShape.checkRows("gateValuesSum", gateValuesSum, nLang);
        StatsShape.checkRows("softmaxEntropySum", softmaxEntropySum, nLang);
        long[][] totalsCopy = new long[nLang][];
        long[][][] activationCopy = new long[nLang][nLayer][];
        double[][][] gateCopy = new double[nLang][nLayer][];
        double[][] entropyCopy = new double[nLang][];
        for (int l = 0; l < nLang; l++) {
            String lang = languages.get(l);
            totalsCopy[l] = StatsShape.checkLength("totalTokens[" + lang + "]", totalTokens[l], nLayer).clone();
            entropyCopy[l] = StatsShape.checkLength("softmaxEntropySum[" + lang + "]", softmaxEntropySum[l], nLayer).clone();
            StatsShape.checkRows("activationTokens[" + lang + "]", activationTokens[l], nLayer);
            StatsShape.checkRows("gateValuesSum[" + lang + "]", gateValuesSum[l], nLayer);
            for (int y = 0; y < nLayer; y++) {
                String where = "[" + lang + "][layer " + moeLayers[y] + "]";
                long total = totalsCopy[l][y];
                if (total < 0) {
                    throw new IllegalArgumentException("RoutingStats: totalTokens" + where + " is negative: " + total);
                }
                double entropy = entropyCopy[l][y];
                if (!Double.isFinite(entropy) || entropy < 0) {
                    throw new IllegalArgumentException("RoutingStats: softmaxEntropySum" + where + " must be finite and >= 0, got " + entropy);
                }
                long[] act = StatsShape.checkLength("activationTokens" + where, activationTokens[l][y], numExperts).clone();
                double[] gate = StatsShape.checkLength("gateValuesSum" + where, gateValuesSum[l][y], numExperts).clone();
                long activationSum = 0;
                for (int e = 0; e < numExperts; e++) {
                    if (act[e] < 0 || act[e] > total) {
                        throw new IllegalArgumentException("RoutingStats: activationTokens" + where + "[expert " + e + "] = " + act[e]
                                + " is outside [0, totalTokens=" + total + "] (an expert is chosen at most once per token)");
                    }
                    if (!Double.isFinite(gate[e]) || gate[e] < 0) {
                        throw new IllegalArgumentException("RoutingStats: gateValuesSum" + where + "[expert " + e + "] must be finite and >= 0, got " + gate[e]);
                    }
                    activationSum += act[e];
                }
                if (activationSum > maxActivations(topK, total)) {
                    throw new IllegalArgumentException("RoutingStats: activationTokens" + where + " sum to " + activationSum
                            + " but at most topK * totalTokens = " + topK + " * " + total + " selections are possible"
                            + " (allowing " + ACTIVATION_SLACK * 100 + "% for recorders that count in low precision)");
                }
                activationCopy[l][y] = act;
                gateCopy[l][y] = gate;
            }
        }
        totalTokens = totalsCopy;
        activationTokens = activationCopy;
        gateValuesSum = gateCopy;
        softmaxEntropySum = entropyCopy;
    }

    /**
     * Relative slack on the bound sum of activations &lt;= topK * totalTokens of a layer. Recorded statistics from the
     * field break the exact bound slightly: the paper's recorder summed its masks in bfloat16, so its Qwen3-30B-A3B
     * counts are off by up to about 0.03%. One percent more is accepted; anything beyond is a contradiction.
     */
    public static final double ACTIVATION_SLACK = 0.01;

    /** The largest activation sum of a layer accepted for {@code total} tokens: topK * total * (1 + slack). */
    public static long maxActivations(int topK, long total) {
        return (long) Math.floor((double) topK * total * (1 + ACTIVATION_SLACK));
    }

    public int numLanguages() {
        return languages.size();
    }

    public int numLayers() {
        return moeLayers.length;
    }

    /** Position of a language code in {@link #languages()}. */
    public int languageIndex(String code) {
        int index = languages.indexOf(code);
        if (index < 0) {
            throw new IllegalArgumentException("unknown language '" + code + "'; the statistics hold " + languages);
        }
        return index;
    }

    /** Position of a decoder layer in {@link #moeLayers()}. */
    public int layerIndex(int decoderLayer) {
        for (int y = 0; y < moeLayers.length; y++) {
            if (moeLayers[y] == decoderLayer) {
                return y;
            }
        }
        throw new IllegalArgumentException("decoder layer " + decoderLayer + " is not a MoE layer of these statistics; MoE layers: "
                + java.util.Arrays.toString(moeLayers));
    }

    /** Layer indices of the MoE layers whose decoder index lies in [first, last] (inclusive). */
    public int[] layerIndicesInRange(int firstDecoderLayer, int lastDecoderLayer) {
        if (firstDecoderLayer > lastDecoderLayer) {
            throw new IllegalArgumentException("layer band [" + firstDecoderLayer + ", " + lastDecoderLayer + "] is empty: start > end");
        }
        List<Integer> found = new ArrayList<>();
        for (int y = 0; y < moeLayers.length; y++) {
            if (moeLayers[y] >= firstDecoderLayer && moeLayers[y] <= lastDecoderLayer) {
                found.add(y);
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("layer band [" + firstDecoderLayer + ", " + lastDecoderLayer
                    + "] contains no MoE layer; MoE layers: " + java.util.Arrays.toString(moeLayers));
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    public long totalTokens(String language, int decoderLayer) {
        return totalTokens[languageIndex(language)][layerIndex(decoderLayer)];
    }

    /** [expert] activation counts of one language at one decoder layer (a copy). */
    public long[] activationTokens(String language, int decoderLayer) {
        return activationTokens[languageIndex(language)][layerIndex(decoderLayer)].clone();
    }

    /** [expert] gate value sums of one language at one decoder layer (a copy). */
    public double[] gateValuesSum(String language, int decoderLayer) {
        return gateValuesSum[languageIndex(language)][layerIndex(decoderLayer)].clone();
    }

    public double softmaxEntropySum(String language, int decoderLayer) {
        return softmaxEntropySum[languageIndex(language)][layerIndex(decoderLayer)];
    }

    /** The same statistics restricted to (and reordered as) the given languages. */
    public RoutingStats withLanguages(List<String> subset) {
        if (subset == null || subset.isEmpty()) {
            throw new IllegalArgumentException("language subset must not be empty");
        }
        int n = subset.size();
        long[][] totals = new long[n][];
        long[][][] activation = new long[n][][];
        double[][][] gate = new double[n][][];
        double[][] entropy = new double[n][];
        for (int i = 0; i < n; i++) {
            int l = languageIndex(subset.get(i));
            totals[i] = totalTokens[l];
            activation[i] = activationTokens[l];
            gate[i] = gateValuesSum[l];
            entropy[i] = softmaxEntropySum[l];
        }
        return new RoutingStats(subset, moeLayers, numExperts, topK, totals, activation, gate, entropy);
    }
    /**
     * Statistics of disjoint language sets of one model stacked into one, e.g. the app's one collection
     * run per language. Fails when the parts differ in MoE layers, experts or top-k (different models)
     * or share a language.
     */
    public static RoutingStats concat(List<RoutingStats> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("RoutingStats.concat: no statistics to merge");
        }
        RoutingStats first = parts.get(0);
        List<String> langs = new ArrayList<>();
        List<long[]> total = new ArrayList<>();
        List<long[][]> act = new ArrayList<>();
        List<double[][]> gate = new ArrayList<>();
        List<double[]> entropy = new ArrayList<>();
        for (RoutingStats p : parts) {
            if (!java.util.Arrays.equals(p.moeLayers, first.moeLayers) || p.numExperts != first.numExperts
                    || p.topK != first.topK) {
                throw new IllegalArgumentException("RoutingStats.concat: " + p.languages + " and " + first.languages
                        + " come from different models (MoE layers, experts or top-k differ)");
            }
            for (int i = 0; i < p.numLanguages(); i++) {
                langs.add(p.languages.get(i));
                total.add(p.totalTokens[i]);
                act.add(p.activationTokens[i]);
                gate.add(p.gateValuesSum[i]);
                entropy.add(p.softmaxEntropySum[i]);
            }
        }
        return new RoutingStats(langs, first.moeLayers, first.numExperts, first.topK, total.toArray(long[][]::new),
                act.toArray(long[][][]::new), gate.toArray(double[][][]::new), entropy.toArray(double[][]::new));
    }
}
