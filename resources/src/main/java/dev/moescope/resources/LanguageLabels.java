package dev.moescope.resources;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The labels corpora use for languages, and how {@link LanguageTable} maps them to its languages. Any non-empty
 * label without control characters is valid: ISO 639-1/639-3 ({@code en}, {@code eng}), BCP-47 ({@code zh-Hant},
 * {@code pt-BR}), FLORES-200 ({@code eng_Latn}), underscore locales ({@code pt_BR}), UDHR-style file names
 * ({@code deu_1996}) or a custom name. Labels are kept exactly as given; only the lookup normalises them.
 */
public final class LanguageLabels {

    /** Family, branch and name part of a label the table does not know. */
    public static final String UNKNOWN = "unknown";
    /** ISO 15924 "uncoded script", for unknown labels without a script subtag. */
    public static final String UNCODED_SCRIPT = "Zzzz";

    private final Map<String, Language> byCode;
    private final Map<String, String> exact = new HashMap<>();   // code, FLORES-200, ISO 639-3, alias -> table code
    private final Map<String, String> primary = new HashMap<>(); // lower-case first subtag -> table code
    private final Map<String, String> names = new HashMap<>();   // lower-case name (and name before " (") -> code

    LanguageLabels(Map<String, Language> byCode, Map<String, List<String>> flores, Map<String, List<String>> aliases) {
        this.byCode = byCode;
        for (Language l : byCode.values()) {
            add(l.code(), l.code());
        }
        for (Language l : byCode.values()) { // codes first: an ISO 639-3 code never shadows a table code
            exact.putIfAbsent(l.iso6393(), l.code());
            primary.putIfAbsent(l.iso6393().toLowerCase(Locale.ROOT), l.code());
            for (String f : flores.getOrDefault(l.code(), List.of())) {
                exact.putIfAbsent(f, l.code());
                primary.putIfAbsent(f.substring(0, 3), l.code());
            }
            for (String a : aliases.getOrDefault(l.code(), List.of())) {
                add(a, l.code());
            }
            names.putIfAbsent(l.name().toLowerCase(Locale.ROOT), l.code());
            int paren = l.name().indexOf(" (");
            if (paren > 0) {
                names.putIfAbsent(l.name().substring(0, paren).toLowerCase(Locale.ROOT), l.code());
            }
        }
    }

    private void add(String label, String code) {
        exact.putIfAbsent(label, code);
        primary.putIfAbsent(label.toLowerCase(Locale.ROOT), code);
    }

    /**
     * What is wrong with a label, or null when it is valid (non-empty, not only white space, no control
     * characters).
     */
    public static String problem(String label) {
        if (label == null || label.isBlank()) {
            return "must be a non-empty language label such as \"en\", \"eng_Latn\" or \"pt-BR\"";
        }
        for (int i = 0; i < label.length(); i++) {
            if (Character.isISOControl(label.charAt(i))) {
                return String.format(Locale.ROOT, "must not contain control characters, got U+%04X in \"%s\"",
                        (int) label.charAt(i), label.replaceAll("\\p{Cntrl}", "?"));
            }
        }
        return null;
    }

    boolean known(String label) {
        return tableCode(label) != null;
    }

    /** The table code a label stands for, or null when the table does not know it. */
    String tableCode(String label) {
        String code = exact.get(label);
        if (code != null) {
            return code;
        }
        String[] parts = subtags(label);
        code = primary.get(parts[0].toLowerCase(Locale.ROOT));
        return code != null ? code : names.get(label.strip().toLowerCase(Locale.ROOT));
    }

    /** The label split at '-' and '_' (BCP-47, locales, FLORES-200, UDHR file names). */
    private static String[] subtags(String label) {
        return label.strip().split("[-_]");
    }

    /** The first four-letter subtag after the first, title-cased (zh-Hant, zho_Hans, uzn_latn), or null. */
    private static String scriptSubtag(String label) {
        String[] parts = subtags(label);
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].matches("[A-Za-z]{4}")) {
                return parts[i].substring(0, 1).toUpperCase(Locale.ROOT) + parts[i].substring(1).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    Language resolve(String label) {
        String problem = problem(label);
        if (problem != null) {
            throw new IllegalArgumentException("language label " + problem);
        }
        String script = scriptSubtag(label);
        String code = tableCode(label);
        if (code == null) {
            return new Language(label, label, "", UNKNOWN, UNKNOWN, script == null ? UNCODED_SCRIPT : script,
                    ResourceLevel.UNKNOWN);
        }
        Language l = byCode.get(code);
        // a table code or FLORES-200 code keeps the table's script (FLORES writes Korean as Hang, ISO 15924 Kore)
        if (script == null || exact.containsKey(label) || script.equals(l.script())) {
            return new Language(label, l.name(), l.iso6393(), l.family(), l.branch(), l.script(), l.resourceLevel());
        }
        int paren = l.name().indexOf(" (");
        String base = paren > 0 ? l.name().substring(0, paren) : l.name();
        return new Language(label, base + " (" + script + ")", l.iso6393(), l.family(), l.branch(), script,
                l.resourceLevel());
    }
}
