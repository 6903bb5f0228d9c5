package dev.moescope.resources.udhr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.resources.Corpus;
import dev.moescope.resources.CorpusException;
import dev.moescope.resources.LanguageTable;
import dev.moescope.resources.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder on a tiny fake udhr package in a temporary folder. */
class UdhrCorpusBuilderTest {

    @TempDir
    Path tmp;

    private static final String HEADER = "code,name,iso6393,family,branch,script,resource_level,udhr_file\n";

    private Path fakePackage(String greekWord) throws IOException {
        Path pkg = tmp.resolve("udhr");
        Files.createDirectories(pkg.resolve("declaration"));
        Files.writeString(pkg.resolve("license"), "(The MIT License)\nfake\n");
        Files.writeString(pkg.resolve("declaration/aaa.html"), UdhrConverterTest.completeHtml("aaa", "word"));
        Files.writeString(pkg.resolve("declaration/ell.html"), UdhrConverterTest.completeHtml("ell", greekWord));
        return pkg;
    }

    @Test
    void buildsSegmentsTableAndLicenseThatLoadAsACorpus() throws IOException {
        Path pkg = fakePackage("ελληνικόκείμενο");
        Path csv = tmp.resolve("languages.csv");
        Files.writeString(csv, "# test table\n" + HEADER
                + "aa,Aaa,aaa,Fam One,Branch,Latn,low,aaa\n"
                + "el,Greek,ell,Indo-European,Greek,Grek,medium,ell\n");
        Path out = tmp.resolve("out");
        UdhrCorpusBuilder.Result result = UdhrCorpusBuilder.build(pkg, out, csv);
        assertEquals(2, result.languages());
        assertEquals(62, result.segments());
        assertArrayEquals(Files.readAllBytes(pkg.resolve("license")), Files.readAllBytes(out.resolve("LICENSE")));
        assertArrayEquals(Files.readAllBytes(csv), Files.readAllBytes(out.resolve("languages.csv")));
        assertEquals(2, LanguageTable.load(out.resolve("languages.csv")).all().size());

        Corpus corpus = Corpus.load(out.resolve("segments.jsonl"));
        assertEquals(java.util.List.of("aa", "el"), corpus.languages());
        Segment a25 = corpus.segments("el", null).get(25);
        assertEquals("article-25", a25.segmentId());
        assertEquals(25, a25.article());
        assertEquals("ελληνικόκείμενο article 25", a25.text());
        assertEquals(Segment.Split.HELDOUT, a25.split());
        assertEquals(25, corpus.segments("aa", Segment.Split.TRAIN).size());
    }

    @Test
    void refusesWrongLanguageOrScriptOrMissingFile() throws IOException {
        Path pkg = fakePackage("word");
        Path csv = tmp.resolve("languages.csv");
        Files.writeString(csv, HEADER + "el,Greek,ell,Indo-European,Greek,Grek,medium,ell\n");
        CorpusException script = assertThrows(CorpusException.class, () -> UdhrCorpusBuilder.build(pkg, tmp.resolve("o1"), csv));
        assertTrue(script.getMessage().contains("ell.html") && script.getMessage().contains("Latn")
                && script.getMessage().contains("Grek"), script.getMessage());

        Files.writeString(csv, HEADER + "el,Greek,ell,Indo-European,Greek,Latn,medium,aaa\n");
        CorpusException iso = assertThrows(CorpusException.class, () -> UdhrCorpusBuilder.build(pkg, tmp.resolve("o2"), csv));
        assertTrue(iso.getMessage().contains("aaa.html") && iso.getMessage().contains("data-iso6393"), iso.getMessage());

        Files.writeString(csv, HEADER + "el,Greek,ell,Indo-European,Greek,Latn,medium,nope\n");
        CorpusException missing = assertThrows(CorpusException.class, () -> UdhrCorpusBuilder.build(pkg, tmp.resolve("o3"), csv));
        assertTrue(missing.getMessage().contains("nope.html"), missing.getMessage());
    }

    @Test
    void refusesIncompleteDeclaration() throws IOException {
        Path pkg = fakePackage("word");
        Files.writeString(pkg.resolve("declaration/aaa.html"),
                UdhrConverterTest.completeHtml("aaa", "word").replaceAll("<header>.*</header>", ""));
        Path csv = tmp.resolve("languages.csv");
        Files.writeString(csv, HEADER + "aa,Aaa,aaa,Fam,Branch,Latn,low,aaa\n");
        CorpusException e = assertThrows(CorpusException.class, () -> UdhrCorpusBuilder.build(pkg, tmp.resolve("o"), csv));
        assertTrue(e.getMessage().contains("aaa.html") && e.getMessage().contains("[0]"), e.getMessage());
    }
}
