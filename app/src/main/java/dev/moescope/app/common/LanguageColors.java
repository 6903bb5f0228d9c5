package dev.moescope.app.common;

import dev.moescope.resources.Language;
import dev.moescope.resources.LanguageTable;
import dev.moescope.viz.palette.LanguagePalette;
import dev.moescope.viz.palette.Palettes;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * The app's one palette of languages (and of families, for the dendrogram): a language has the same colour in
 * every chart and under every selection. Colours are handed out in a fixed order, the paper's ten languages first
 * (the clearest, Okabe-Ito colours), then the demo language table; a corpus label (e.g. "eng_Latn") takes its
 * language's colour.
 */
public final class LanguageColors {
    /** The series that sums every language (e.g. shared experts across depth): neutral grey. */
    public static final String ALL_LANGUAGES = "all languages";

    private static final LanguageColors SHARED = new LanguageColors(LanguageTable.demo());

    private final LanguagePalette languages;
    private final LanguagePalette families;

    LanguageColors(LanguageTable table) {
        List<String> order = new ArrayList<>(LanguageTable.PAPER_LANGUAGES);
        table.all().stream().map(Language::code).forEach(order::add);
        // resolve keeps the label as the code, so a label finds its table language by name ("eng_Latn": English, "en")
        java.util.Map<String, String> codeByName = new java.util.HashMap<>();
        table.all().forEach(l -> codeByName.putIfAbsent(l.name(), l.code()));
        languages = new LanguagePalette(order, label -> table.knows(label)
                ? codeByName.getOrDefault(table.resolve(label).name(), label) : label);
        List<String> familyOrder = new ArrayList<>();
        order.forEach(code -> {
            String f = table.resolve(code).family();
            if (!familyOrder.contains(f)) {
                familyOrder.add(f);
            }
        });
        families = new LanguagePalette(familyOrder);
    }

    /** The palette every view uses. */
    public static LanguageColors shared() {
        return SHARED;
    }

    /** The colour of a language label ("all languages": grey). */
    public Color language(String label) {
        return ALL_LANGUAGES.equals(label) ? Palettes.SHARED_GREY : languages.color(label);
    }

    /** The colour of a language family (the dendrogram's leaves). */
    public Color family(String family) {
        return families.color(family);
    }
}
