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
 * {@code code,name,iso6393,family,branch,script,resource_level[,udhr_file]}; lines starting with
 * '#' are comments, fields may be double-quoted. {@link #demo()} is the table bundled with the
 * UDHR corpus (corpus/udhr/languages.csv).
 */
public final class LanguageTable {

    /** The ten languages of the seed paper, as moescope codes ("zh" is Mandarin in Simplified script). */
    public static final List<String> PAPER_LANGUAGES =
            List.of("ar", "bn", "zh", "de", "en", "es", "fr", "ja", "sw", "ko");

    static final String DEMO_RESOURCE = "/dev/moescope/resources/corpus/udhr/languages.csv";
    static final List<String> COLUMNS =
            List.of("code", "name", "iso6393", "family", "branch", "script", "resource_level");
    static final String SOURCE_COLUMN = "udhr_file";

    private final Map<String, Language> byCode;
    private final Map<String, String> udhrFiles;

    private LanguageTable(Map<String, Language> byCode, Map<String, String> udhrFiles) {
        this.byCode = byCode;
        this.udhrFiles = udhrFiles;
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
                        && (header.size() == COLUMNS.size()
                        || header.size() == COLUMNS.size() + 1 && header.get(COLUMNS.size()).equals(SOURCE_COLUMN));
                if (!ok) {
                    throw CorpusException.at(source, lineNo, "header must be " + String.join(",", COLUMNS)
                            + "[," + SOURCE_COLUMN + "], got " + line);
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
            if (!TextFolderReader.LANG_CODE.matcher(code).matches()) {
                throw CorpusException.at(source, lineNo, "code must be a language code such as en or zh-Hant, got " + code);
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
            if (fields.size() > COLUMNS.size()) {
                udhrFiles.put(code, fields.get(COLUMNS.size()));
            }
        }
        if (byCode.isEmpty()) {
            throw new CorpusException(source + ": no languages in this table");
        }
        return new LanguageTable(byCode, udhrFiles);
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
