package dev.moescope.resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a folder of UTF-8 {@code <lang>.txt} files (e.g. {@code en.txt}, {@code eng_Latn.txt},
 * {@code deu_1996.txt}: the file name is the language label, see {@link LanguageLabels}): one segment per
 * non-empty line. The n-th non-empty line of every file gets segment id "n", so line
 * n of each file should be the same sentence. Files not ending in .txt are ignored.
 */
final class TextFolderReader {

    private TextFolderReader() {
    }

    static List<Segment> read(Path dir) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".txt") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new CorpusException(dir + ": cannot list folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new CorpusException(dir + ": no <lang>.txt files in this folder");
        }
        List<Segment> segments = new ArrayList<>();
        for (Path file : files) {
            segments.addAll(readFile(file));
        }
        return segments;
    }

    static List<Segment> readFile(Path file) {
        String name = file.getFileName().toString();
        String lang = name.substring(0, name.length() - ".txt".length());
        String problem = LanguageLabels.problem(lang);
        if (problem != null) {
            throw new CorpusException(file + ": the file name is the language label, which " + problem);
        }
        List<String> lines = Utf8Lines.read(file);
        List<Segment> segments = new ArrayList<>();
        for (String line : lines) {
            String text = Texts.normalize(line);
            if (text.isEmpty()) {
                continue;
            }
            String id = Integer.toString(segments.size() + 1);
            segments.add(new Segment(lang, id, -1, text, UserSplits.forId(id)));
        }
        if (segments.isEmpty()) {
            throw new CorpusException(file + ": empty file (no non-empty line)");
        }
        return segments;
    }
}
