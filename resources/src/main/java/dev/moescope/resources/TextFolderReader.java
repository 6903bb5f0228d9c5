package dev.moescope.resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a folder of UTF-8 {@code <lang>.txt} files (e.g. {@code en.txt}, {@code zh.txt}): one
 * segment per non-empty line. The n-th non-empty line of every file gets segment id "n", so line
 * n of each file should be the same sentence. Files not ending in .txt are ignored.
 */
final class TextFolderReader {

    /** A BCP-47-like language code: "en", "quz", "zh-Hant", "pt-BR". */
    static final Pattern LANG_CODE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

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
        if (!LANG_CODE.matcher(lang).matches()) {
            throw new CorpusException(file + ": file name must be a language code such as en.txt or zh-Hant.txt, got \""
                    + name + "\"");
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
