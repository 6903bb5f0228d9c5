package dev.moescope.app.heatmap;

import dev.moescope.routing.analysis.ActivationFrequency;
import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LayerClassification;
import dev.moescope.routing.analysis.RoutingStats;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What the app knows about one expert at one layer: how often each language routes to it, its share,
 * and whether it is exclusive to a language or shared at the chosen (k, thr).
 */
public record ExpertCard(int decoderLayer, int expert, List<LanguageUse> uses, String classification) {

    /** One language's use of the expert: activation frequency and its share among the languages. */
    public record LanguageUse(String language, double frequency, double share) {}

    static ExpertCard of(RoutingStats s, int layerIndex, int expert, int k, double thr) {
        int decoder = s.moeLayers()[layerIndex];
        LayerClassification c = ExpertClassification.classifyLayer(s, decoder, k, thr);
        List<LanguageUse> uses = new ArrayList<>();
        for (int li = 0; li < s.numLanguages(); li++) {
            String lang = s.languages().get(li);
            double f = ActivationFrequency.frequencies(s, li, layerIndex)[expert];
            uses.add(new LanguageUse(lang, f, c.share(lang, expert)));
        }
        uses.sort(Comparator.comparingDouble(LanguageUse::frequency).reversed());
        String cls;
        if (c.sharedExperts().contains(expert)) {
            cls = "shared";
        } else {
            cls = c.exclusiveExperts().entrySet().stream().filter(e -> e.getValue().contains(expert))
                    .map(e -> "exclusive to " + e.getKey()).findFirst().orElse("neither exclusive nor shared");
        }
        return new ExpertCard(decoder, expert, List.copyOf(uses), cls);
    }
}
