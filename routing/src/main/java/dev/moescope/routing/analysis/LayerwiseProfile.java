package dev.moescope.routing.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Layer-by-layer profile of routing across languages: how many experts are exclusive to each
 * language and how many are shared (see {@link ExpertClassification}), routing entropies, and the
 * divergence of each language's expert usage from a reference language.
 *
 * @param languages         languages, in the order of every per-language array
 * @param referenceLanguage language the divergences are measured against
 * @param layers            one profile per MoE layer, in layer order
 */
public record LayerwiseProfile(List<String> languages, String referenceLanguage, List<LayerProfile> layers) {

    public static final String DEFAULT_REFERENCE = "en";

    public LayerwiseProfile {
        languages = List.copyOf(languages);
        layers = List.copyOf(layers);
    }

    /** Profile with reference "en", k = 15, thr = 0.4. */
    public static LayerwiseProfile of(RoutingStats stats) {
        return of(stats, DEFAULT_REFERENCE, ExpertClassification.DEFAULT_TOP_K, ExpertClassification.DEFAULT_THRESHOLD);
    }

    public static LayerwiseProfile of(RoutingStats stats, String referenceLanguage, int k, double threshold) {
        int ref = stats.languageIndex(referenceLanguage);
        int nLang = stats.numLanguages();
        List<LayerClassification> classes = ExpertClassification.classify(stats, k, threshold);
        List<LayerProfile> layers = new ArrayList<>();
        for (int y = 0; y < stats.numLayers(); y++) {
            LayerClassification classification = classes.get(y);
            long[] tokens = new long[nLang];
            int[] exclusive = new int[nLang];
            double[] routerEntropy = new double[nLang];
            double[] usageEntropy = new double[nLang];
            double[] jsd = new double[nLang];
            double[] refUsage = Distributions.normalise(stats.activationTokens()[ref][y]);
            boolean refHasData = !Distributions.isEmpty(refUsage);
            for (int l = 0; l < nLang; l++) {
                tokens[l] = stats.totalTokens()[l][y];
                exclusive[l] = classification.exclusiveExperts(stats.languages().get(l)).size();
                routerEntropy[l] = tokens[l] == 0 ? 0 : stats.softmaxEntropySum()[l][y] / tokens[l];
                double[] usage = Distributions.normalise(stats.activationTokens()[l][y]);
                usageEntropy[l] = Distributions.entropyNats(usage);
                jsd[l] = refHasData && !Distributions.isEmpty(usage) ? Distributions.jensenShannonBits(usage, refUsage) : Double.NaN;
            }
            layers.add(new LayerProfile(stats.moeLayers()[y], tokens, exclusive, classification.sharedExperts().size(),
                    routerEntropy, usageEntropy, jsd));
        }
        return new LayerwiseProfile(stats.languages(), referenceLanguage, layers);
    }

    /** Decoder indices of the profiled layers (the x axis of a layerwise chart). */
    public int[] decoderLayers() {
        return layers.stream().mapToInt(LayerProfile::decoderLayer).toArray();
    }

    /** One language's divergence to the reference across layers (NaN where undefined). */
    public double[] jsdSeries(String language) {
        int l = indexOf(language);
        return layers.stream().mapToDouble(p -> p.jsdToReference()[l]).toArray();
    }

    /** One language's exclusive-expert count across layers. */
    public int[] exclusiveCountSeries(String language) {
        int l = indexOf(language);
        return layers.stream().mapToInt(p -> p.exclusiveCount()[l]).toArray();
    }

    /** Shared-expert count across layers. */
    public int[] sharedCountSeries() {
        return layers.stream().mapToInt(LayerProfile::sharedCount).toArray();
    }

    private int indexOf(String language) {
        int l = languages.indexOf(language);
        if (l < 0) {
            throw new IllegalArgumentException("unknown language '" + language + "'; the profile holds " + languages);
        }
        return l;
    }
}
