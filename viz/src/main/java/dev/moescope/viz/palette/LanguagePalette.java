package dev.moescope.viz.palette;

import java.awt.Color;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One colour per language, the same in every chart: colour i of the categorical palette goes to the i-th code of
 * a fixed order (the app: the paper's ten languages, then the language table), never to a language's position
 * in what a chart happens to show. A label is first mapped to its code ({@code canonical}, e.g. "eng_Latn" to
 * "en"); a code outside the order gets a colour from its hash, among the colours after the order's.
 */
public final class LanguagePalette {
    private final Map<String, Integer> index = new HashMap<>();
    private final UnaryOperator<String> canonical;

    /** @param order codes in the order their colours are handed out (duplicates keep their first colour) */
    public LanguagePalette(List<String> order, UnaryOperator<String> canonical) {
        for (String code : order) {
            index.putIfAbsent(code, index.size());
        }
        this.canonical = canonical;
    }

    public LanguagePalette(List<String> order) {
        this(order, UnaryOperator.identity());
    }

    /** The colour of {@code label}'s language. */
    public Color color(String label) {
        String code = canonical.apply(label);
        Integer i = index.get(code);
        if (i == null) {
            int fixed = Math.min(index.size(), ExpertPalette.SIZE - 1);
            i = fixed + Math.floorMod(code.hashCode(), ExpertPalette.SIZE - fixed);
        }
        return Palettes.categorical(i % ExpertPalette.SIZE);
    }
}
