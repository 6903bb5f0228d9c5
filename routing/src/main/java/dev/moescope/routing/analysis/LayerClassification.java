package dev.moescope.routing.analysis;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The expert classification of one MoE layer (see {@link ExpertClassification}).
 *
 * @param decoderLayer     decoder layer index
 * @param languages        languages that took part, in the order of the share rows
 * @param share            [lang][expert] share of the expert's (top-k filtered) frequency
 *                         mass that comes from the language; a column sums to ~1, or to 0 when
 *                         no language kept the expert
 * @param sharedExperts    expert ids, ascending: some share &gt; 0 and every share &lt; thr
 * @param exclusiveExperts language -&gt; expert ids, ascending, whose share for that language is
 *                         &gt; thr (every language has an entry, possibly empty)
 */
public record LayerClassification(
        int decoderLayer,
        List<String> languages,
        double[][] share,
        List<Integer> sharedExperts,
        Map<String, List<Integer>> exclusiveExperts) {

    public LayerClassification {
        languages = List.copyOf(languages);
        sharedExperts = List.copyOf(sharedExperts);
        // Keep the languages' order (for display and stable JSON), but forbid changes.
        exclusiveExperts = Collections.unmodifiableMap(new LinkedHashMap<>(exclusiveExperts));
    }

    /** Expert ids exclusive to a language, ascending. */
    public List<Integer> exclusiveExperts(String language) {
        List<Integer> experts = exclusiveExperts.get(language);
        if (experts == null) {
            throw new IllegalArgumentException("language '" + language + "' was not classified at layer " + decoderLayer + "; languages: " + languages);
        }
        return experts;
    }

    /** Share of a language in one expert. */
    public double share(String language, int expert) {
        int l = languages.indexOf(language);
        if (l < 0) {
            throw new IllegalArgumentException("language '" + language + "' was not classified at layer " + decoderLayer + "; languages: " + languages);
        }
        return share[l][expert];
    }

    /** The share matrix labelled for export: rows are languages, columns expert ids. */
    public LabeledMatrix shareMatrix() {
        List<String> experts = java.util.stream.IntStream.range(0, share.length == 0 ? 0 : share[0].length)
                .mapToObj(Integer::toString).toList();
        return new LabeledMatrix(languages, experts, share);
    }
}
