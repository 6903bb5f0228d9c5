package dev.moescope.app.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.resources.Corpus;
import dev.moescope.resources.Segment;
import dev.moescope.routing.experiment.BridgeScoringModel;
import dev.moescope.routing.experiment.HeldoutEvaluator;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.store.EvalResult;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.SampleText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real backend: inspect, corpus languages and segments (no inference), and held-out evaluation with
 * the tiny test checkpoint, cached in the store where the CLI's scorer finds it.
 */
class CoreBackendTest {
    @TempDir
    Path tmp;

    private Path resource(String name) throws Exception {
        return Path.of(getClass().getResource("/dev/moescope/app/" + name).toURI());
    }

    @Test
    void inspectSummarisesTheCheckpointAndChecksMemory() throws Exception {
        var i = new CoreBackend(tmp.resolve("s.db")).inspect(resource("tiny-model"), "CPU");
        assertTrue(i.summary().startsWith("qwen3_moe · 3 layers (3 MoE) · 8 experts, top-2"), i.summary());
        assertTrue(i.fits(), i.memoryNote());
        assertTrue(i.memoryNote().contains("cpu f32"), i.memoryNote());
    }

    @Test
    void inspectOfAFolderWithoutAModelSaysWhy() throws Exception {
        Files.writeString(tmp.resolve("README.md"), "not a model");
        var e = assertThrows(RuntimeException.class, () -> new CoreBackend(tmp.resolve("s.db")).inspect(tmp, "CPU"));
        assertTrue(e.getMessage().contains(tmp.toString()), e.getMessage());
    }

    @Test
    void corpusLanguagesAreGroupedByFamilyAndThePaperOnesPreselected() throws Exception {
        CoreBackend b = new CoreBackend(tmp.resolve("s.db"));
        Path corpus = resource("mini-corpus.jsonl");
        List<LanguageRef> langs = b.languages(corpus);
        assertEquals(4, langs.size());
        assertTrue(langs.stream().allMatch(l -> l.family().equals("Indo-European")), langs.toString());
        assertEquals(List.of("de", "en", "es", "fr"), b.defaultLanguages(corpus).stream().sorted().toList());
        assertTrue(b.segments(corpus, "de", 2).get(0).startsWith("Alle Menschen"), b.segments(corpus, "de", 2).toString());
    }

    @Test
    void floresLabelsLoadWithTheirFamiliesAndUnknownLabelsStillWork() throws Exception {
        Path corpus = tmp.resolve("flores.jsonl");
        Files.writeString(corpus, String.join("\n",
                "{\"lang\": \"eng_Latn\", \"text\": \"All human beings are born free.\"}",
                "{\"lang\": \"eng_Latn\", \"text\": \"Everyone has the right to life.\"}",
                "{\"lang\": \"zho_Hans\", \"text\": \"人人生而自由。\"}",
                "{\"lang\": \"deu_1996\", \"text\": \"Alle Menschen sind frei geboren.\"}",
                "{\"lang\": \"pt_BR\", \"text\": \"Todos nascem livres.\"}",
                "{\"lang\": \"Plattdüütsch\", \"text\": \"All Minschen sünd free boren.\"}") + "\n");
        CoreBackend b = new CoreBackend(tmp.resolve("s.db"));
        Map<String, LanguageRef> byCode = new java.util.HashMap<>();
        b.languages(corpus).forEach(l -> byCode.put(l.code(), l));
        assertEquals(new LanguageRef("eng_Latn", "English", "Indo-European"), byCode.get("eng_Latn"));
        assertEquals(new LanguageRef("zho_Hans", "Chinese (Mandarin, Simplified)", "Sino-Tibetan"), byCode.get("zho_Hans"));
        assertEquals("German", byCode.get("deu_1996").name());
        assertEquals("Portuguese", byCode.get("pt_BR").name());
        assertEquals(new LanguageRef("Plattdüütsch", "Plattdüütsch", "unknown"), byCode.get("Plattdüütsch"));
        assertEquals("3 samples, every sample (the corpus defines no splits)",
                b.selectionSummary(corpus, List.of("eng_Latn", "pt_BR")));
        Path mini = resource("mini-corpus.jsonl");
        assertEquals(Corpus.load(mini).segments("en", Segment.Split.TRAIN).size() + " samples, training split",
                b.selectionSummary(mini, List.of("en")), "articles define the split");
    }

    @Test
    void modelPanelChecksWhatTheLoadUses() throws Exception {
        Path modelDir = resource("tiny-model");
        CoreBackend b = new CoreBackend(tmp.resolve("p.db"));
        // the panel's check names the policy's dtype per device: f32 on the CPU, f16 on the GPU
        assertTrue(b.inspect(modelDir, "CPU").memoryNote().contains("cpu f32, context " + ModelInspection.CHECK_CONTEXT),
                b.inspect(modelDir, "CPU").memoryNote());
        assertTrue(b.inspect(modelDir, "GPU").memoryNote().contains("gpu f16"), b.inspect(modelDir, "GPU").memoryNote());
        try (ModelSession s = b.open(modelDir, "CPU")) {
            assertEquals(ModelInspection.policy("CPU").loadOptions(), ((LocalModelSession) s).model().options());
        }
    }

    @Test
    void heldoutEvaluationIsCachedInTheStoreAndSharedWithTheClisScorer() throws Exception {
        Path db = tmp.resolve("s.db");
        Path modelDir = resource("tiny-model");
        Path corpusFile = resource("mini-corpus.jsonl");
        CoreBackend b = new CoreBackend(db);
        RouterIntervention mask = RouterIntervention.mask(Map.of(0, List.of(0, 1, 2), 1, List.of(3, 4, 5)));
        Map<String, EvalResult> base;
        Map<String, EvalResult> masked;
        try (ModelSession s = b.open(modelDir, "CPU")) {
            HeldoutEvaluator app = b.heldoutEvaluator(s, corpusFile, List.of("de", "en"));
            assertEquals(List.of("en", "de"), app.languages(), "corpus order");
            assertEquals(Map.of("en", 2, "de", 2), app.samplesPerLanguage());
            base = app.evaluate(RouterIntervention.NONE, n -> { });
            masked = app.evaluate(mask, n -> { });
            assertEquals(8, app.scoredSamples());
            assertNotEquals(base.get("en").nllNats(), masked.get("en").nllNats(), "the mask changes the model");

            HeldoutEvaluator again = b.heldoutEvaluator(s, corpusFile, List.of("en"));
            assertEquals(base.get("en").nllNats(), again.evaluate(RouterIntervention.NONE, n -> { }).get("en").nllNats(), 0);
            assertEquals(masked.get("en").nllNats(), again.evaluate(mask, n -> { }).get("en").nllNats(), 0);
            assertEquals(0, again.scoredSamples(), "another language set reuses en's results");
        }

        // moescope intervene's scorer: a lazy model that must never load, and the CLI's samples of both languages
        List<SampleText> cliSamples = new ArrayList<>();
        Corpus corpus = Corpus.load(corpusFile);
        for (String lang : corpus.languages().stream().filter(List.of("en", "de")::contains).toList()) {
            for (Segment seg : corpus.segments(lang, Segment.Split.HELDOUT)) {
                cliSamples.add(new SampleText(seg.lang(), seg.segmentId(), String.valueOf(seg.article()), "heldout", seg.text()));
            }
        }
        try (RoutingStore store = RoutingStore.open(db);
                BridgeScoringModel cli = BridgeScoringModel.lazy(modelDir, () -> {
                    throw new AssertionError("the CLI had to load the model: the app's results were not found");
                })) {
            HeldoutEvaluator evaluator = new HeldoutEvaluator(store, cli, cliSamples, false, 8);
            assertEquals(masked.get("de").nllNats(), evaluator.evaluate(mask, n -> { }).get("de").nllNats(), 0);
            assertEquals(base.get("de").scoredBytes(), evaluator.evaluate(RouterIntervention.NONE, n -> { }).get("de").scoredBytes());
        }
    }
}
