package dev.moescope.resources;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parallel text in several languages, split into training and held-out segments.
 *
 * <p>{@link #demo()} is the bundled UDHR corpus (preamble + 30 articles in every language).
 * {@link #load(Path)} reads a user corpus: a folder of UTF-8 {@code <lang>.txt} files (one segment
 * per non-empty line) or a JSONL file of {@code {"lang": .., "text": ..}} lines (FLORES/Belebele
 * export shape, optional "id"/"segment", "article", "split", any other fields for prompt templates).
 * Language labels are kept as given ({@code eng_Latn}, {@code pt_BR}); {@link LanguageTable#resolve} looks
 * them up.
 *
 * <p>{@link #definesSplits()}: the demo corpus (by article) and JSONL files with a "split" or "article" field
 * define train/held-out splits; other user corpora do not, and every segment is used unless a split is asked for
 * (then the split derived from the segment id applies, see UserSplits).
 */
public final class Corpus {

    static final String DEMO_RESOURCE = "/dev/moescope/resources/corpus/udhr/segments.jsonl";

    private final String id;
    private final List<Segment> all;
    private final Map<String, List<Segment>> byLanguage;
    private final boolean definesSplits;

    private Corpus(String id, List<Segment> segments, boolean definesSplits) {
        this.id = id;
        this.definesSplits = definesSplits;
        this.all = List.copyOf(segments);
        Map<String, List<Segment>> grouped = new LinkedHashMap<>();
        for (Segment s : segments) {
            grouped.computeIfAbsent(s.lang(), k -> new ArrayList<>()).add(s);
        }
        grouped.replaceAll((k, v) -> List.copyOf(v));
        this.byLanguage = grouped;
    }

    /** A corpus of the given segments; its id is the content hash unless one is given. */
    public static Corpus of(String id, List<Segment> segments) {
        if (segments.isEmpty()) {
            throw new CorpusException("a corpus needs at least one segment");
        }
        return new Corpus(id != null ? id : contentHash(segments), segments, true);
    }

    /** The bundled UDHR corpus; its id is "demo". */
    public static Corpus demo() {
        return DemoHolder.DEMO;
    }

    private static final class DemoHolder {
        static final Corpus DEMO = loadDemo();
    }

    private static Corpus loadDemo() {
        try (InputStream in = Corpus.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new CorpusException("classpath:" + DEMO_RESOURCE + ": bundled corpus is missing");
            }
            List<String> lines = Utf8Lines.decode(in.readAllBytes(), "classpath:" + DEMO_RESOURCE);
            return new Corpus("demo", JsonlReader.parse(lines, "classpath:" + DEMO_RESOURCE), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a user corpus from a folder of {@code <lang>.txt} files or a {@code .jsonl} file.
     *
     * @throws CorpusException naming the file and line of the first problem
     */
    public static Corpus load(Path fileOrDir) {
        List<Segment> segments;
        boolean splits = false;
        if (Files.isDirectory(fileOrDir)) {
            segments = TextFolderReader.read(fileOrDir);
        } else if (Files.isRegularFile(fileOrDir)) {
            String name = fileOrDir.getFileName().toString();
            if (!name.endsWith(".jsonl") && !name.endsWith(".json")) {
                throw new CorpusException(fileOrDir + ": expected a folder of <lang>.txt files or a .jsonl file");
            }
            JsonlReader.Parsed parsed = JsonlReader.read(fileOrDir);
            segments = parsed.segments();
            splits = parsed.definesSplits();
        } else {
            throw new CorpusException(fileOrDir + ": no such file or folder");
        }
        return new Corpus(contentHash(segments), segments, splits);
    }

    /** Whether the corpus itself says which segments train and which are held out (see the class comment). */
    public boolean definesSplits() {
        return definesSplits;
    }

    /** "demo" for the bundled corpus, else the first 16 hex digits of a SHA-256 of the segments. */
    public String id() {
        return id;
    }

    /** Language codes in the order they first occur. */
    public List<String> languages() {
        return List.copyOf(byLanguage.keySet());
    }

    /** The segments of one language in corpus order; {@code split == null} means all. Empty for an unknown language. */
    public List<Segment> segments(String lang, Segment.Split split) {
        List<Segment> segments = byLanguage.getOrDefault(lang, List.of());
        if (split == null) {
            return segments;
        }
        return segments.stream().filter(s -> s.split() == split).toList();
    }

    /** Every segment, language by language. */
    public List<Segment> all() {
        return all;
    }

    static String contentHash(List<Segment> segments) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Segment s : segments) {
                String record = s.lang() + '\u0000' + s.segmentId() + '\u0000' + s.article() + '\u0000'
                        + s.split() + '\u0000' + s.text() + (s.fields().isEmpty() ? "" : '\u0000' + s.fields().toString()) + '\n';
                sha.update(record.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "Corpus[" + id + ", " + byLanguage.size() + " languages, " + all.size() + " segments]";
    }
}
