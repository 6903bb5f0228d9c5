package dev.moescope.cli;

import dev.moescope.resources.Corpus;
import dev.moescope.resources.Segment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code eval} scores: per language of the corpus that has both, its training segments (preamble and
 * articles 1-24 of the UDHR) and its held-out articles (25-30), each a text of its own, in corpus order.
 *
 * @param languages the languages, in corpus order
 * @param train     language to its training segments
 * @param heldOut   language to its held-out articles
 */
record EvalTexts(List<String> languages, Map<String, List<String>> train, Map<String, List<String>> heldOut) {

    EvalTexts {
        languages = List.copyOf(languages);
        train = Map.copyOf(train);
        heldOut = Map.copyOf(heldOut);
    }

    /** The languages of {@code c} with both training and held-out segments; fails if there are none. */
    static EvalTexts of(Corpus c) {
        List<String> langs = new ArrayList<>();
        Map<String, List<String>> train = new LinkedHashMap<>();
        Map<String, List<String>> heldOut = new LinkedHashMap<>();
        for (String lang : c.languages()) {
            List<String> tr = c.segments(lang, Segment.Split.TRAIN).stream().map(Segment::text).toList();
            List<String> ho = c.segments(lang, Segment.Split.HELDOUT).stream().map(Segment::text).toList();
            if (!tr.isEmpty() && !ho.isEmpty()) {
                langs.add(lang);
                train.put(lang, tr);
                heldOut.put(lang, ho);
            }
        }
        if (langs.isEmpty()) {
            throw new IllegalArgumentException("corpus " + c.id() + ": no language has both training and held-out segments");
        }
        return new EvalTexts(langs, train, heldOut);
    }

    /** The texts of one split, keyed by language in {@link #languages} order. */
    Map<String, List<String>> split(boolean held) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        languages.forEach(l -> out.put(l, held ? heldOut.get(l) : train.get(l)));
        return out;
    }

    static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
