package dev.moescope.cli;

import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LayerClassification;
import dev.moescope.routing.analysis.LayerProfile;
import dev.moescope.routing.analysis.LayerwiseProfile;
import dev.moescope.routing.analysis.RoutingStats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The layerwise profile {@code eval} prints: per MoE layer, the Jensen-Shannon divergence (bits) of each
 * language's expert-usage distribution to the reference language's, averaged over the other languages, and the
 * experts the paper's rule ({@link ExpertClassification}, top-k per language then shares against thr) calls
 * exclusive (to some language) and shared; then the same averaged over the early (first quarter of the layers),
 * middle and late (last quarter) bands.
 *
 * @param k         top experts kept per language
 * @param threshold share threshold
 * @param languages the profiled languages (the reference among them)
 * @param layers    one row per MoE layer
 */
record EvalProfile(int k, double threshold, List<String> languages, List<Layer> layers) {

    /**
     * One layer.
     *
     * @param layer     decoder layer
     * @param meanJsd   mean over the non-reference languages of the JSD to the reference, bits
     * @param exclusive experts exclusive to at least one language
     * @param shared    shared experts
     */
    record Layer(int layer, double meanJsd, int exclusive, int shared) {
    }

    /** Averages of a band of layers. */
    record Band(String name, int first, int last, double meanJsd, double exclusive, double shared) {
    }

    /**
     * Profiles routing counts: language to {@code [layer][expert]} top-k selections (every layer an MoE layer, in
     * order), with {@code topK} selections per token.
     */
    static EvalProfile of(Map<String, int[][]> counts, int topK, String reference, int k, double threshold) {
        List<String> langs = List.copyOf(counts.keySet());
        if (!langs.contains(reference)) {
            throw new IllegalArgumentException("layer profile: the reference language " + reference
                    + " is not among " + langs);
        }
        int layers = counts.get(langs.get(0)).length;
        int experts = counts.get(langs.get(0))[0].length;
        long[][] tokens = new long[langs.size()][layers];
        long[][][] act = new long[langs.size()][layers][experts];
        for (int l = 0; l < langs.size(); l++) {
            int[][] c = counts.get(langs.get(l));
            for (int y = 0; y < layers; y++) {
                long sum = 0;
                for (int e = 0; e < experts; e++) {
                    act[l][y][e] = c[y][e];
                    sum += c[y][e];
                }
                tokens[l][y] = sum / topK;
            }
        }
        int[] moeLayers = java.util.stream.IntStream.range(0, layers).toArray();
        RoutingStats stats = new RoutingStats(langs, moeLayers, experts, topK, tokens, act,
                new double[langs.size()][layers][experts], new double[langs.size()][layers]);
        LayerwiseProfile profile = LayerwiseProfile.of(stats, reference, k, threshold);
        List<LayerClassification> classes = ExpertClassification.classify(stats, k, threshold);
        int ref = langs.indexOf(reference);
        List<Layer> rows = new ArrayList<>();
        for (int y = 0; y < layers; y++) {
            LayerProfile p = profile.layers().get(y);
            double jsd = 0;
            int n = 0;
            for (int l = 0; l < langs.size(); l++) {
                if (l != ref && !Double.isNaN(p.jsdToReference()[l])) {
                    jsd += p.jsdToReference()[l];
                    n++;
                }
            }
            Set<Integer> exclusive = new HashSet<>();
            LayerClassification c = classes.get(y);
            langs.forEach(lang -> exclusive.addAll(c.exclusiveExperts(lang)));
            rows.add(new Layer(p.decoderLayer(), n == 0 ? Double.NaN : jsd / n, exclusive.size(), p.sharedCount()));
        }
        return new EvalProfile(k, threshold, langs, rows);
    }

    /** Early (first quarter of the layers, at least one), middle (the rest) and late (last quarter) bands. */
    List<Band> bands() {
        int n = layers.size();
        int quarter = Math.max(1, (int) Math.round(n / 4.0));
        List<Band> out = new ArrayList<>();
        if (n < 3) {
            out.add(band("all", 0, n - 1));
            return out;
        }
        out.add(band("early", 0, quarter - 1));
        out.add(band("middle", quarter, n - quarter - 1));
        out.add(band("late", n - quarter, n - 1));
        return out;
    }

    private Band band(String name, int from, int to) {
        double jsd = 0;
        double exclusive = 0;
        double shared = 0;
        for (int i = from; i <= to; i++) {
            jsd += layers.get(i).meanJsd();
            exclusive += layers.get(i).exclusive();
            shared += layers.get(i).shared();
        }
        int n = to - from + 1;
        return new Band(name, layers.get(from).layer(), layers.get(to).layer(), jsd / n, exclusive / n, shared / n);
    }

    /**
     * One line on whether the middle layers are more shared than the early and late ones: more shared experts
     * than both and a lower mean JSD to the reference than both.
     */
    String summary() {
        List<Band> b = bands();
        StringBuilder s = new StringBuilder();
        for (Band band : b) {
            s.append(String.format("%s%s (layers %d-%d): JSD %.3f, %.1f shared, %.1f exclusive", s.length() == 0 ? "" : "; ",
                    band.name(), band.first(), band.last(), band.meanJsd(), band.shared(), band.exclusive()));
        }
        if (b.size() < 3) {
            return s + ". Too few layers for early/middle/late bands.";
        }
        Band early = b.get(0);
        Band middle = b.get(1);
        Band late = b.get(2);
        boolean moreShared = middle.shared() > early.shared() && middle.shared() > late.shared();
        boolean closer = middle.meanJsd() < early.meanJsd() && middle.meanJsd() < late.meanJsd();
        String verdict = moreShared && closer ? "the middle layers are more shared than the early and late ones"
                + " (more shared experts and routing closer to the reference)"
                : moreShared ? "the middle layers have more shared experts than the early and late ones, but their"
                + " routing is not closer to the reference than both"
                : closer ? "the middle layers' routing is closer to the reference than both early and late, but they"
                + " do not have more shared experts than both"
                : "the middle layers are not more shared than the early and late ones";
        return s + ". So " + verdict + ".";
    }
}
