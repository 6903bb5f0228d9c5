package dev.moescope.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Language metadata, read from a CSV file with the header
 * {@code code,name,iso6393,family,branch,script,resource_level} followed by any of the optional columns
 * {@code flores200} (FLORES-200 codes such as {@code eng_Latn}, space-separated, "-" for none), {@code aliases}
 * (other labels of the language: ISO 639-3 macrolanguage and ISO 639-2/B codes, space-separated, "-" for none)
 * and {@code udhr_file}; lines starting with '#' are comments, fields may be double-quoted. {@link #demo()} is
 * the table bundled with the UDHR corpus (corpus/udhr/languages.csv).
 *
 * <p>{@link #resolve(String)} maps any label a corpus uses (see {@link LanguageLabels}) to a language.
 */
public final class LanguageTable {

    /** The ten languages of the seed paper, as moescope codes ("zh" is Mandarin in Simplified script). */
    public static final List<String> PAPER_LANGUAGES =
            List.of("ar", "bn", "zh", "de", "en", "es", "fr", "ja", "sw", "ko");

    static final String DEMO_RESOURCE = "/dev/moescope/resources/corpus/udhr/languages.csv";
    static final List<String> COLUMNS =
            List.of("code", "name", "iso6393", "family", "branch", "script", "resource_level");
    static final String SOURCE_COLUMN = "udhr_file";
    static final String FLORES_COLUMN = "flores200";
    static final String ALIASES_COLUMN = "aliases";
    static final List<String> OPTIONAL_COLUMNS = List.of(FLORES_COLUMN, ALIASES_COLUMN, SOURCE_COLUMN);

    private final Map<String, Language> byCode;
    private final Map<String, String> udhrFiles;
    private final Map<String, List<String>> floresCodes;
    private final LanguageLabels labels;

    private LanguageTable(Map<String, Language> byCode, Map<String, String> udhrFiles,
                          Map<String, List<String>> floresCodes, Map<String, List<String>> aliases) {
        this.byCode = byCode;
        this.udhrFiles = udhrFiles;
        this.floresCodes = floresCodes;
        this.labels = new LanguageLabels(byCode, floresCodes, aliases);
    }

    /** The table of the bundled UDHR corpus. */
    public static LanguageTable demo() {
        return DemoHolder.DEMO;
    }

    private static final class DemoHolder {
        static final LanguageTable DEMO = loadResource();
    }

    private static LanguageTable loadResource() {
        String source = "classpath:" + DEMO_RESOURCE;
        try (InputStream in = LanguageTable.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new CorpusException(source + ": bundled language table is missing");
            }
            return parse(Utf8Lines.decode(in.readAllBytes(), source), source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a language table CSV. */
    public static LanguageTable load(Path csv) {
        return parse(Utf8Lines.read(csv), csv);
    }

    /** Reads a language table from CSV bytes; {@code source} names them in error messages. */
    public static LanguageTable read(byte[] csv, String source) {
        return parse(Utf8Lines.decode(csv, source), source);
    }

    static LanguageTable parse(List<String> lines, Object source) {
        Map<String, Language> byCode = new LinkedHashMap<>();
        Map<String, String> udhrFiles = new LinkedHashMap<>();
        Map<String, List<String>> flores = new LinkedHashMap<>();
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        List<String> header = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int lineNo = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> fields = CsvLine.split(line, source, lineNo);
            if (header == null) {
                header = fields;
                boolean ok = header.size() >= COLUMNS.size() && header.subList(0, COLUMNS.size()).equals(COLUMNS)
                        && OPTIONAL_COLUMNS.containsAll(header.subList(COLUMNS.size(), header.size()))
                        && new java.util.HashSet<>(header).size() == header.size();
                if (!ok) {
                    throw CorpusException.at(source, lineNo, "header must be " + String.join(",", COLUMNS)
                            + " and then any of " + String.join(",", OPTIONAL_COLUMNS) + ", got " + line);
                }
                continue;
            }
            if (fields.size() != header.size()) {
                throw CorpusException.at(source, lineNo, "expected " + header.size() + " fields, got " + fields.size());
            }
            for (int c = 0; c < fields.size(); c++) {
                if (fields.get(c).isBlank()) {
                    throw CorpusException.at(source, lineNo, "empty " + header.get(c));
                }
            }
            String code = fields.get(0);
            String problem = LanguageLabels.problem(code);
            if (problem != null) {
                throw CorpusException.at(source, lineNo, "code " + problem);
            }
            String script = fields.get(5);
            if (!script.matches("[A-Z][a-z]{3}")) {
                throw CorpusException.at(source, lineNo, "script must be an ISO 15924 code such as Latn, got " + script);
            }
            ResourceLevel level = ResourceLevel.parse(fields.get(6)).orElseThrow(() ->
                    CorpusException.at(source, lineNo, "resource_level must be high, medium or low, got " + fields.get(6)));
            Language language = new Language(code, fields.get(1), fields.get(2), fields.get(3), fields.get(4), script, level);
            if (byCode.putIfAbsent(code, language) != null) {
                throw CorpusException.at(source, lineNo, "duplicate code " + code);
            }
            for (int c = COLUMNS.size(); c < header.size(); c++) {
                String value = fields.get(c).strip();
                switch (header.get(c)) {
                    case SOURCE_COLUMN -> udhrFiles.put(code, value);
                    case FLORES_COLUMN -> flores.put(code, codeList(value, source, lineNo, true));
                    default -> aliases.put(code, codeList(value, source, lineNo, false));
                }
            }
        }
        if (byCode.isEmpty()) {
            throw new CorpusException(source + ": no languages in this table");
        }
        return new LanguageTable(byCode, udhrFiles, flores, aliases);
    }

    /** Space-separated codes, "-" for none; FLORES-200 codes are {@code xxx_Scrp}. */
    private static List<String> codeList(String value, Object source, int lineNo, boolean flores) {
        if (value.equals("-")) {
            return List.of();
        }
        List<String> codes = List.of(value.split("\\s+"));
        for (String c : codes) {
            if (flores && !c.matches("[a-z]{3}_[A-Z][a-z]{3}")) {
                throw CorpusException.at(source, lineNo, "flores200 codes look like eng_Latn, got " + c);
            }
        }
        return codes;
    }

    /**
     * The language a corpus label stands for, with {@link Language#code()} the label as given: the table's
     * language when the label is its code, FLORES-200 code, ISO 639-3 code, an alias or its name, or a
     * BCP-47 / locale / FLORES-style tag whose first part is one of those ({@code pt-BR}, {@code pt_BR},
     * {@code deu_1996}, {@code zh-Hant}; a script subtag replaces the table's script); otherwise a language of
     * family and branch "unknown", script {@code Zzzz} (or the label's script subtag).
     *
     * @throws IllegalArgumentException for an empty label or one with control characters
     */
    public Language resolve(String label) {
        return labels.resolve(label);
    }

    /** Whether {@link #resolve(String)} finds the label in this table. */
    public boolean knows(String label) {
        return labels.known(label);
    }

    /**
     * Family per label for family-agreement scores: a known label's family; an unknown label forms a group of
     * its own ({@code "unknown: <label>"}), since nothing says it shares a family with another unknown one.
     */
    public Map<String, String> familyGroups(java.util.Collection<String> labels) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String label : labels) {
            out.put(label, knows(label) ? resolve(label).family() : LanguageLabels.UNKNOWN + ": " + label);
        }
        return out;
    }

    /**
     * The first of {@code candidates} that stands for the table language {@code code}: "eng_Latn" for "en" in a
     * FLORES-labelled run, "en" itself where the labels are table codes.
     */
    public Optional<String> labelFor(java.util.Collection<String> candidates, String code) {
        return candidates.stream().filter(l -> LanguageLabels.problem(l) == null && code.equals(labels.tableCode(l)))
                .findFirst();
    }

    /** The FLORES-200 codes of a language of this table (empty when FLORES-200 has none). */
    public List<String> floresCodes(String code) {
        return floresCodes.getOrDefault(code, List.of());
    }

    /** The language with this code, if the table has it. */
    public Optional<Language> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** All languages in table order. */
    public List<Language> all() {
        return List.copyOf(byCode.values());
    }

    /** Distinct top-level families, sorted. */
    public List<String> families() {
        TreeSet<String> families = new TreeSet<>();
        byCode.values().forEach(l -> families.add(l.family()));
        return List.copyOf(families);
    }

    /** Distinct ISO 15924 script codes, sorted. */
    public List<String> scripts() {
        TreeSet<String> scripts = new TreeSet<>();
        byCode.values().forEach(l -> scripts.add(l.script()));
        return List.copyOf(scripts);
    }

    /** The languages of one family, in table order. */
    public List<Language> inFamily(String family) {
        List<Language> out = new ArrayList<>();
        byCode.values().stream().filter(l -> l.family().equals(family)).forEach(out::add);
        return out;
    }

    /** The UDHR declaration (file name without .html) a language's text was converted from, if recorded. */
    public Optional<String> udhrFile(String code) {
        return Optional.ofNullable(udhrFiles.get(code));
    }
}
