package dev.moescope.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading user corpora: a folder of {@code <lang>.txt} files or a JSONL file, and every error case. */
class UserCorpusTest {

    @TempDir
    Path tmp;

    private Path write(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private CorpusException failsWith(Path path, String... fragments) {
        CorpusException e = assertThrows(CorpusException.class, () -> Corpus.load(path));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "\"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
        }
        return e;
    }

    @Test
    void textFolderGivesOneSegmentPerNonEmptyLine() throws IOException {
        write("txt/en.txt", "Hello world.\n\n  Second   line \r\nThird\n");
        write("txt/de.txt", "\uFEFFHallo Welt.\nZweite Zeile\nDritte\n");
        write("txt/notes.md", "ignored");
        Corpus corpus = Corpus.load(tmp.resolve("txt"));
        assertEquals(List.of("de", "en"), corpus.languages());
        List<Segment> en = corpus.segments("en", null);
        assertEquals(List.of("Hello world.", "Second line", "Third"), en.stream().map(Segment::text).toList());
        assertEquals(List.of("1", "2", "3"), en.stream().map(Segment::segmentId).toList());
        assertEquals(-1, en.get(0).article());
        assertEquals("Hallo Welt.", corpus.segments("de", null).get(0).text(), "BOM dropped");
        // the split depends on the id only, so aligned lines share it
        for (int i = 0; i < 3; i++) {
            assertEquals(en.get(i).split(), corpus.segments("de", null).get(i).split());
        }
        assertEquals(16, corpus.id().length());
    }

    @Test
    void contentHashIdFollowsTheContent() throws IOException {
        write("a/en.txt", "one\ntwo\n");
        write("b/en.txt", "one\ntwo\n");
        write("c/en.txt", "one\nthree\n");
        assertEquals(Corpus.load(tmp.resolve("a")).id(), Corpus.load(tmp.resolve("b")).id());
        assertNotEquals(Corpus.load(tmp.resolve("a")).id(), Corpus.load(tmp.resolve("c")).id());
    }

    @Test
    void jsonlWithOptionalIdSegmentArticleAndSplit() throws IOException {
        Path file = write("c.jsonl", String.join("\n",
                "{\"lang\": \"en\", \"text\": \"First\", \"id\": 7}",
                "",
                "{\"lang\": \"fr\", \"text\": \"Premier\", \"id\": \"7\"}",
                "{\"lang\": \"en\", \"text\": \"Art\", \"segment\": \"article-26\", \"article\": 26}",
                "{\"lang\": \"en\", \"text\": \"Kept for training\", \"split\": \"train\"}",
                "{\"lang\": \"fr\", \"text\": \"Caf\u0065\u0301  x\"}") + "\n");
        Corpus corpus = Corpus.load(file);
        assertEquals(List.of("en", "fr"), corpus.languages());
        List<Segment> en = corpus.segments("en", null);
        assertEquals("7", en.get(0).segmentId());
        assertEquals("7", corpus.segments("fr", null).get(0).segmentId());
        assertEquals(new Segment("en", "article-26", 26, "Art", Segment.Split.HELDOUT), en.get(1));
        assertEquals("3", en.get(2).segmentId(), "default id is the ordinal within the language");
        assertEquals(Segment.Split.TRAIN, en.get(2).split());
        assertEquals("Café x", corpus.segments("fr", null).get(1).text());
        assertEquals(List.of(), corpus.segments("xx", null));
    }

    @Test
    void invalidUtf8NamesFileAndLine() throws IOException {
        Path dir = tmp.resolve("bad");
        Files.createDirectories(dir);
        Files.write(dir.resolve("en.txt"), new byte[] {'o', 'k', '\n', 'b', 'a', (byte) 0xC3, (byte) 0x28, '\n'});
        failsWith(dir, "en.txt:2:", "invalid UTF-8");
        Path jsonl = tmp.resolve("bad.jsonl");
        Files.write(jsonl, new byte[] {'{', '"', 'l', (byte) 0xFF, '"', '}', '\n'});
        failsWith(jsonl, "bad.jsonl:1:", "invalid UTF-8");
    }

    @Test
    void emptyFilesAndFoldersAreErrors() throws IOException {
        write("empty/en.txt", "\n   \n");
        failsWith(tmp.resolve("empty"), "en.txt", "empty file");
        Files.createDirectories(tmp.resolve("none"));
        write("none/readme.md", "x");
        failsWith(tmp.resolve("none"), "none", "no <lang>.txt files");
        failsWith(write("e.jsonl", "\n\n"), "e.jsonl", "empty file");
    }

    @Test
    void anyFileNameIsALanguageLabelKeptAsGiven() throws IOException {
        write("names/English.txt", "Hello\n");
        write("names/deu_1996.txt", "Hallo\n");
        write("names/pt_BR.txt", "Olá\n");
        Corpus corpus = Corpus.load(tmp.resolve("names"));
        assertEquals(List.of("English", "deu_1996", "pt_BR"), corpus.languages());
        assertTrue(!corpus.definesSplits(), "a text folder defines no splits");
    }

    @Test
    void badJsonNamesFileAndLine() throws IOException {
        failsWith(write("j1.jsonl", "{\"lang\": \"en\", \"text\": \"a\"}\n{\"lang\": \"en\", \"text\": \n"),
                "j1.jsonl:2:", "bad JSON");
        failsWith(write("j2.jsonl", "[1, 2]\n"), "j2.jsonl:1:", "JSON object");
        failsWith(write("j3.jsonl", "{\"lang\": \"en\", \"lang\": \"de\", \"text\": \"a\"}\n"), "j3.jsonl:1:", "bad JSON");
    }

    @Test
    void otherFieldsAreKeptForPromptTemplates() throws IOException {
        Corpus corpus = Corpus.load(write("u.jsonl", "{\"lang\": \"en\", \"text\": \"a\"}\n"
                + "{\"lang\": \"en\", \"text\": \"b\", \"score\": 3, \"note\": \"x  y\"}\n"));
        assertEquals(Map.of("score", "3", "note", "x  y"), corpus.segments("en", null).get(1).fields());
        assertEquals(Map.of(), corpus.segments("en", null).get(0).fields());
        assertTrue(!corpus.definesSplits());
    }

    @Test
    void beleBeleRecordsWithoutTextOrLang() throws IOException {
        Corpus corpus = Corpus.load(write("b.jsonl", "{\"link\": \"l\", \"question_number\": 1, "
                + "\"flores_passage\": \"P.\", \"question\": \"Q?\", \"mc_answer1\": \"x\", \"dialect\": \"eng_Latn\"}\n"));
        Segment s = corpus.segments("eng_Latn", null).get(0);
        assertEquals(List.of("link", "question_number", "flores_passage", "question", "mc_answer1"), List.copyOf(s.fields().keySet()));
        assertEquals("l\n1\nP.\nQ?\nx", s.text(), "no text: the other fields, one per line");
    }

    @Test
    void everyNonEmptyLabelIsAccepted() throws IOException {
        Corpus corpus = Corpus.load(write("f.jsonl", String.join("\n",
                "{\"lang\": \"eng_Latn\", \"text\": \"a\"}", "{\"lang\": \"zho_Hans\", \"text\": \"b\"}",
                "{\"lang\": \"deu_1996\", \"text\": \"c\"}", "{\"lang\": \"pt_BR\", \"text\": \"d\"}",
                "{\"lang\": \"zh-Hant\", \"text\": \"e\"}", "{\"lang\": \"My dialect\", \"text\": \"f\"}") + "\n"));
        assertEquals(List.of("eng_Latn", "zho_Hans", "deu_1996", "pt_BR", "zh-Hant", "My dialect"), corpus.languages());
        failsWith(write("c1.jsonl", "{\"lang\": \"en\\u0007\", \"text\": \"a\"}\n"), "c1.jsonl:1:", "control characters");
        failsWith(write("c2.jsonl", "{\"lang\": \"\", \"text\": \"a\"}\n"), "c2.jsonl:1:", "non-empty");
        assertTrue(Corpus.load(write("s.jsonl", "{\"lang\": \"en\", \"text\": \"a\", \"split\": \"train\"}\n")).definesSplits());
    }

    @Test
    void missingOrMistypedLangAndText() throws IOException {
        failsWith(write("m1.jsonl", "{\"text\": \"a\"}\n"), "m1.jsonl:1:", "missing \"lang\"");
        failsWith(write("m2.jsonl", "{\"lang\": \"en\"}\n"), "m2.jsonl:1:", "missing \"text\"");
        failsWith(write("m3.jsonl", "{\"lang\": \"en\", \"text\": 5}\n"), "m3.jsonl:1:", "\"text\" must be a string");
        failsWith(write("m4.jsonl", "{\"lang\": \"  \", \"text\": \"a\"}\n"), "m4.jsonl:1:", "non-empty");
        failsWith(write("m5.jsonl", "{\"lang\": \"en\", \"text\": \"  \"}\n"), "m5.jsonl:1:", "\"text\" is empty");
    }

    @Test
    void badArticleSplitOrDuplicateId() throws IOException {
        failsWith(write("a1.jsonl", "{\"lang\": \"en\", \"text\": \"a\", \"article\": 31}\n"), "a1.jsonl:1:", "0..30");
        failsWith(write("a2.jsonl", "{\"lang\": \"en\", \"text\": \"a\", \"split\": \"test\"}\n"), "a2.jsonl:1:", "\"split\"");
        failsWith(write("a3.jsonl", "{\"lang\": \"en\", \"text\": \"a\", \"article\": 27, \"split\": \"train\"}\n"),
                "a3.jsonl:1:", "contradicts");
        failsWith(write("a4.jsonl", "{\"lang\": \"en\", \"text\": \"a\", \"id\": 1}\n{\"lang\": \"en\", \"text\": \"b\", \"id\": \"1\"}\n"),
                "a4.jsonl:2:", "duplicate segment");
        failsWith(write("a5.jsonl", "{\"lang\": \"en\", \"text\": \"a\", \"id\": 1, \"segment\": \"x\"}\n"), "a5.jsonl:1:", "either");
    }

    @Test
    void wrongPathKinds() throws IOException {
        failsWith(tmp.resolve("missing"), "missing", "no such file or folder");
        failsWith(write("corpus.csv", "a,b\n"), "corpus.csv", ".jsonl");
    }
}
