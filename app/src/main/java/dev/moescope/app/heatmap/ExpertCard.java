package dev.moescope.app.heatmap;

import dev.moescope.routing.analysis.ActivationFrequency;
import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LayerClassification;
import dev.moescope.routing.analysis.RoutingStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * What the app knows about one expert at one layer: how often each language routes to it, its share,
 * and whether it is exclusive to languages or shared at the chosen (k, thr).
 *
 * @param exclusiveTo every language (code) whose share is above thr, in the statistics' language
 *                    order; with thr &lt; 0.5 there can be several; empty when not exclusive
 */
public record ExpertCard(int decoderLayer, int expert, List<LanguageUse> uses, List<String> exclusiveTo, boolean shared) {

    /** One language's use of the expert: activation frequency and its share among the languages. */
    public record LanguageUse(String language, double frequency, double share) {}

    public ExpertCard {
        uses = List.copyOf(uses);
        exclusiveTo = List.copyOf(exclusiveTo);
    }

    static ExpertCard of(RoutingStats s, int layerIndex, int expert, int k, double thr) {
        int decoder = s.moeLayers()[layerIndex];
        LayerClassification c = ExpertClassification.classifyLayer(s, decoder, k, thr);
        List<LanguageUse> uses = new ArrayList<>();
        List<String> exclusiveTo = new ArrayList<>();
        for (int li = 0; li < s.numLanguages(); li++) {
            String lang = s.languages().get(li);
            double f = ActivationFrequency.frequencies(s, li, layerIndex)[expert];
            uses.add(new LanguageUse(lang, f, c.share(lang, expert)));
            if (c.exclusiveExperts(lang).contains(expert)) {
                exclusiveTo.add(lang);
            }
        }
        uses.sort(Comparator.comparingDouble(LanguageUse::frequency).reversed());
        return new ExpertCard(decoder, expert, uses, exclusiveTo, c.sharedExperts().contains(expert));
    }

    /** "shared", "exclusive to de", "exclusive to de and fr", ... or "neither exclusive nor shared" (codes). */
    public String classification() {
        return classification(code -> code);
    }

    /** The classification with each language written by {@code name} (e.g. its display name). */
    public String classification(Function<String, String> name) {
        if (shared) {
            return "shared";
        }
        if (exclusiveTo.isEmpty()) {
            return "neither exclusive nor shared";
        }
        List<String> names = exclusiveTo.stream().map(name).toList();
        String list = names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        return "exclusive to " + list;
    }
}
