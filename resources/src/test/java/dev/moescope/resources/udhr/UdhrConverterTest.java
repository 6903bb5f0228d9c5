package dev.moescope.resources.udhr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.resources.CorpusException;
import dev.moescope.resources.Segment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Converter on excerpts of real declarations (test resources) and on hand-made snippets. */
class UdhrConverterTest {

    static String resource(String name) throws IOException {
        try (InputStream in = UdhrConverterTest.class.getResourceAsStream("/dev/moescope/resources/udhr/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A complete declaration: preamble and articles 1..30 each with one paragraph "Text N". */
    static String completeHtml(String iso, String wordPrefix) {
        StringBuilder html = new StringBuilder("<!doctype html><html data-iso6393=\"" + iso + "\" dir=\"ltr\" lang=\"x\"><body>"
                + "<h1>Title</h1><header><h2>Preamble</h2><p>" + wordPrefix + " preamble</p></header>");
        IntStream.rangeClosed(1, 30).forEach(n -> html.append("<article data-number=\"").append(n)
                .append("\"><h2>Article ").append(n).append("</h2><p>").append(wordPrefix).append(" article ")
                .append(n).append("</p></article>"));
        return html.append("</body></html>").toString();
    }

    @Test
    void englishExcerptKeepsParagraphsAndListItemsDropsHeadings() throws IOException {
        UdhrDeclaration d = UdhrConverter.convert(resource("eng-excerpt.html"), "eng-excerpt.html");
        assertEquals("eng", d.iso6393());
        assertEquals("en", d.lang());
        assertEquals("ltr", d.dir());
        assertTrue(d.texts().get(0).startsWith("Whereas recognition of the inherent dignity"), d.texts().get(0));
        assertTrue(d.texts().get(0).endsWith("under their jurisdiction."));
        assertFalse(d.texts().get(0).contains("Preamble"), "the heading is dropped");
        assertEquals("All human beings are born free and equal in dignity and rights. They are endowed with reason and "
                + "conscience and should act towards one another in a spirit of brotherhood.", d.texts().get(1));
        // article 2: two paragraphs joined by one space
        assertTrue(d.texts().get(2).contains("birth or other status. Furthermore, no distinction"), d.texts().get(2));
        // article 25: an <ol> of two items, both kept, no list numbers added
        String a25 = d.texts().get(25);
        assertTrue(a25.startsWith("Everyone has the right to a standard of living"), a25);
        assertTrue(a25.contains("beyond his control. Motherhood and childhood"), a25);
        assertFalse(a25.contains("Article 25"));
        assertFalse(a25.contains("  ") || a25.contains("\n"));
    }

    @Test
    void excerptIsIncompleteAndRefusesToBecomeSegments() throws IOException {
        UdhrDeclaration d = UdhrConverter.convert(resource("eng-excerpt.html"), "eng-excerpt.html");
        assertFalse(d.isComplete());
        assertEquals(27, d.missingParts().size());
        assertTrue(d.missingParts().contains(3) && !d.missingParts().contains(25));
        CorpusException e = assertThrows(CorpusException.class, () -> UdhrConverter.segments(d, "en"));
        assertTrue(e.getMessage().contains("eng-excerpt.html") && e.getMessage().contains("incomplete"), e.getMessage());
    }

    @Test
    void declarationWithoutHeaderHasNoPreamble() throws IOException {
        UdhrDeclaration d = UdhrConverter.convert(resource("amh-no-preamble-excerpt.html"), "amh.html");
        assertEquals("", d.texts().get(0));
        assertTrue(d.missingParts().contains(0));
        assertFalse(d.texts().get(1).isEmpty());
        assertFalse(d.texts().get(1).contains("አንቀጽ"), "the article heading is dropped");
    }

    @Test
    void articleTitlesInH1AreDropped() throws IOException {
        UdhrDeclaration d = UdhrConverter.convert(resource("kmb-headings-excerpt.html"), "009.html");
        assertEquals("kmb", d.iso6393());
        assertFalse(d.texts().get(0).contains("DIMATEKENU"), d.texts().get(0));
        assertTrue(d.texts().get(0).startsWith("O kutetulula kuila"));
        assertFalse(d.texts().get(1).contains("MOXI"));
        assertTrue(d.texts().get(1).startsWith("Mutu uoso uoso"));
    }

    @Test
    void rightToLeftAndJapaneseListsAreKept() throws IOException {
        UdhrDeclaration ar = UdhrConverter.convert(resource("arb-excerpt.html"), "arb.html");
        assertEquals("rtl", ar.dir());
        assertTrue(ar.texts().get(0).startsWith("لمّا كان الاعتراف"), ar.texts().get(0));
        UdhrDeclaration ja = UdhrConverter.convert(resource("jpn-excerpt.html"), "jpn.html");
        String a26 = ja.texts().get(26);
        assertTrue(a26.startsWith("すべて人は、教育を受ける権利を有する。"), a26);
        assertTrue(a26.endsWith("親は、子に与える教育の種類を選択する優先的権利を有する。"), a26);
        assertFalse(a26.contains("第26条"));
    }

    @Test
    void textIsNfcAndWhitespaceCollapsed() {
        String html = completeHtml("xxx", "w").replace("<p>w article 7</p>",
                "<p>  Cafe\u0301 \n\t au\u00a0lait  </p>\n<ol><li>one</li><li><p>two</p></li></ol>");
        UdhrDeclaration d = UdhrConverter.convert(html, "snippet");
        assertEquals("Caf\u00e9 au lait one two", d.texts().get(7));
    }

    @Test
    void completeDeclarationGivesThirtyOneSegmentsWithSplits() {
        UdhrDeclaration d = UdhrConverter.convert(completeHtml("xxx", "w"), "snippet");
        assertTrue(d.isComplete());
        List<Segment> segments = UdhrConverter.segments(d, "xx");
        assertEquals(31, segments.size());
        assertEquals("preamble", segments.get(0).segmentId());
        assertEquals("w preamble", segments.get(0).text());
        assertEquals("article-09", segments.get(9).segmentId());
        assertEquals(9, segments.get(9).article());
        assertEquals("w article 9", segments.get(9).text());
        assertEquals(Segment.Split.TRAIN, segments.get(24).split());
        assertEquals(Segment.Split.HELDOUT, segments.get(25).split());
        assertEquals(25, segments.stream().filter(s -> s.split() == Segment.Split.TRAIN).count());
    }

    @Test
    void duplicateOrBadlyNumberedArticlesAreErrors() {
        String dup = completeHtml("xxx", "w").replace("data-number=\"3\"", "data-number=\"2\"");
        CorpusException e1 = assertThrows(CorpusException.class, () -> UdhrConverter.convert(dup, "dup.html"));
        assertTrue(e1.getMessage().contains("dup.html") && e1.getMessage().contains("article 2 occurs twice"), e1.getMessage());
        String bad = completeHtml("xxx", "w").replace("data-number=\"3\"", "data-number=\"31\"");
        CorpusException e2 = assertThrows(CorpusException.class, () -> UdhrConverter.convert(bad, "bad.html"));
        assertTrue(e2.getMessage().contains("bad.html") && e2.getMessage().contains("31"), e2.getMessage());
    }

    @Test
    void emptyArticleCountsAsMissing() {
        String html = completeHtml("xxx", "w").replace("<p>w article 12</p>", "<p>  </p>");
        UdhrDeclaration d = UdhrConverter.convert(html, "snippet");
        assertEquals(List.of(12), d.missingParts());
    }
}
