package dev.moescope.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The bundled UDHR corpus and its language table. */
class BundledCorpusTest {

    private final Corpus corpus = Corpus.demo();
    private final LanguageTable table = LanguageTable.demo();

    @Test
    void everyLanguageHasPreambleAndThirtyArticlesWithText() {
        for (String lang : corpus.languages()) {
            List<Segment> segments = corpus.segments(lang, null);
            assertEquals(31, segments.size(), lang);
            for (int article = 0; article <= 30; article++) {
                Segment s = segments.get(article);
                assertEquals(article, s.article(), lang);
                assertEquals(Segment.udhrId(article), s.segmentId(), lang);
                assertEquals(lang, s.lang());
                assertFalse(s.text().isBlank(), lang + " " + s.segmentId());
                assertEquals(Texts.normalize(s.text()), s.text(), lang + " " + s.segmentId() + " is not normalised");
            }
        }
    }

    @Test
    void splitIsPreambleAndArticles1To24TrainRestHeldOut() {
        for (Segment s : corpus.all()) {
            assertEquals(s.article() <= 24 ? Segment.Split.TRAIN : Segment.Split.HELDOUT, s.split(), s.lang() + " " + s.segmentId());
        }
        List<Segment> heldOut = corpus.segments("en", Segment.Split.HELDOUT);
        assertEquals(List.of(25, 26, 27, 28, 29, 30), heldOut.stream().map(Segment::article).toList());
        assertEquals(25, corpus.segments("sw", Segment.Split.TRAIN).size());
    }

    @Test
    void detectedScriptOfEveryLanguageMatchesTheTable() {
        List<String> mismatches = new ArrayList<>();
        for (Language language : table.all()) {
            String text = corpus.segments(language.code(), null).stream().map(Segment::text).collect(Collectors.joining(" "));
            String detected = Scripts.detect(text);
            if (!detected.equals(language.script())) {
                mismatches.add(language.code() + ": table " + language.script() + ", text " + detected);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    @Test
    void tableAndCorpusCoverTheSameLanguagesInTheSameOrder() {
        assertEquals(table.all().stream().map(Language::code).toList(), corpus.languages());
        for (Language language : table.all()) {
            assertTrue(table.udhrFile(language.code()).isPresent(), language.code());
        }
    }

    @Test
    void diversityTargetsAndPaperLanguages() {
        assertTrue(corpus.languages().size() >= 50, "languages: " + corpus.languages().size());
        assertTrue(table.families().size() >= 12, "families: " + table.families());
        assertTrue(table.scripts().size() >= 10, "scripts: " + table.scripts());
        assertTrue(corpus.languages().containsAll(LanguageTable.PAPER_LANGUAGES), "paper languages missing");
        assertEquals(10, LanguageTable.PAPER_LANGUAGES.size());
    }

    @Test
    void paperLanguagesHaveTheExpectedMetadata() {
        Language zh = table.find("zh").orElseThrow();
        assertEquals("cmn", zh.iso6393());
        assertEquals("Sino-Tibetan", zh.family());
        assertEquals("Hans", zh.script());
        assertEquals("Jpan", table.find("ja").orElseThrow().script());
        assertEquals("Kore", table.find("ko").orElseThrow().script());
        assertEquals("Beng", table.find("bn").orElseThrow().script());
        assertEquals("Atlantic-Congo", table.find("sw").orElseThrow().family());
        assertEquals(ResourceLevel.LOW, table.find("sw").orElseThrow().resourceLevel());
        assertEquals(ResourceLevel.LOW, table.find("bn").orElseThrow().resourceLevel());
        for (String high : List.of("en", "zh", "de", "fr", "es", "ja", "ru")) {
            assertEquals(ResourceLevel.HIGH, table.find(high).orElseThrow().resourceLevel(), high);
        }
        assertEquals("Basque", table.find("eu").orElseThrow().family());
        assertTrue(table.find("xx").isEmpty());
    }

    @Test
    void demoIdAndDemoAssetsCorpus() {
        assertEquals("demo", corpus.id());
        assertTrue(DemoAssets.corpus() == corpus);
        assertEquals(60 * 31, corpus.all().size());
    }
}
