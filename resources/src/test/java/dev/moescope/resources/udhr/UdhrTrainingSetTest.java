package dev.moescope.resources.udhr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UdhrTrainingSetTest {

    /** A declaration whose part n reads "{word} n ..." and whose articles 25-30 carry a marker. */
    private static String declaration(String iso, String word, int lastArticle) {
        StringBuilder sb = new StringBuilder("<!doctype html><html data-iso6393=\"" + iso + "\" lang=\"x\" dir=\"ltr\">"
                + "<body><h1>Title</h1><header><h2>Preamble</h2><p>" + (word + " preamble ").repeat(10) + "</p></header>");
        for (int a = 1; a <= lastArticle; a++) {
            String text = a >= 25 ? "HELDOUT marker " + a : (word + " " + a + " ").repeat(10);
            sb.append("<article data-number=\"").append(a).append("\"><h2>Article ").append(a).append("</h2><p>")
                    .append(text).append("</p></article>");
        }
        return sb.append("</body></html>").toString();
    }

    @Test
    void keepsPreambleAndArticles1To24OfEveryTranslationWithEnoughText(@TempDir Path dir) throws Exception {
        Path decl = Files.createDirectories(dir.resolve("declaration"));
        Files.writeString(decl.resolve("aaa.html"), declaration("aaa", "alpha", 30));
        Files.writeString(decl.resolve("bbb_2.html"), declaration("bbb", "бета", 26));   // incomplete: still used
        Files.writeString(decl.resolve("ccc.html"), declaration("ccc", "c", 3));        // too little text
        Files.write(decl.resolve("ddd.html"), new byte[] {'<', 'p', '>', (byte) 0xC3, '(', '<'}); // invalid UTF-8
        Files.writeString(decl.resolve("readme.txt"), "not a declaration");

        UdhrTrainingSet.Result r = UdhrTrainingSet.load(dir, 1000);
        assertEquals(List.of("aaa", "bbb_2"), r.used().stream().map(UdhrTrainingSet.Translation::id).toList());
        UdhrTrainingSet.Translation a = r.used().get(0);
        assertEquals(25, a.texts().size(), "preamble + 24 articles");
        assertTrue(a.texts().get(0).startsWith("alpha preamble"));
        assertTrue(a.texts().get(24).startsWith("alpha 24 "));
        assertEquals("Latn", a.script());
        assertEquals("Cyrl", r.used().get(1).script());
        assertEquals("aaa", a.iso6393());
        for (UdhrTrainingSet.Translation t : r.used()) {
            t.texts().forEach(s -> assertFalse(s.contains("HELDOUT"), t.id() + " leaks a held-out article: " + s));
            assertEquals(t.texts().stream().mapToLong(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .sum(), t.bytes());
        }
        assertEquals(2, r.skipped().size());
        assertTrue(r.skipped().get(0).contains("ccc.html") && r.skipped().get(0).contains("under 1000"), r.skipped().get(0));
        assertTrue(r.skipped().get(1).contains("ddd.html") && r.skipped().get(1).contains("invalid UTF-8"));
    }

    @Test
    void anEmptyFolderIsAnError(@TempDir Path dir) {
        Exception e = assertThrows(RuntimeException.class, () -> UdhrTrainingSet.load(dir, 10));
        assertTrue(e.getMessage().contains("no declaration"), e.getMessage());
    }
}
