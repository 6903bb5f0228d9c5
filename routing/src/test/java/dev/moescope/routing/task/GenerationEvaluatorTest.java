package dev.moescope.routing.task;

import dev.moescope.bridge.RouterIntervention;

import dev.moescope.routing.experiment.GeneratingModel.Sampling;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.TaskResult;
import dev.moescope.routing.task.GenerationEvaluator.Score;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Generation metrics on canned answers, with Lingua over English, German and French. */
class GenerationEvaluatorTest {
    @TempDir
    Path dir;

    static LanguageConsistency detector;

    static final List<GenerationItem> ITEMS = List.of(
            new GenerationItem("1", "en", "Capital of France?", List.of("I think the answer is the city of Paris, which is the capital.")),
            new GenerationItem("2", "eng_Latn", "Describe the weather.", List.of()),
            new GenerationItem("3", "deu_Latn", "Beschreibe das Wetter.", List.of("Regen")));

    static FakeTaskModel model() {
        FakeTaskModel m = new FakeTaskModel();
        m.answers.put("Capital of France?", " I think the answer is the city of Paris, which is the capital.\n");                     // exact, English
        m.answers.put("Describe the weather.", "Heute regnet es den ganzen Tag und der Wind ist sehr kalt."); // German
        m.answers.put("Beschreibe das Wetter.", "Es gibt viel Regen und die Straßen sind nass.");    // substring, German
        return m;
    }

    @BeforeAll
    static void loadDetector() {
        detector = new LanguageConsistency(List.of("en", "de"), List.of("fr"), true);
    }

    @AfterAll
    static void unload() {
        detector.close();
    }

    @Test
    void countsPerLanguageAndSharesOverTheRecordsTheyApplyTo() {
        try (RoutingStore store = RoutingStore.open(dir.resolve("g.db"))) {
            FakeTaskModel m = model();
            Sampling paper = Sampling.paper(32, 100);
            GenerationEvaluator consistency = new GenerationEvaluator(store, m, ITEMS, false, paper, detector,
                    Score.LANGUAGE_CONSISTENCY);
            assertEquals(List.of("en", "eng_Latn", "deu_Latn"), consistency.languages(), "labels as given");
            assertArrayEquals(new double[] {1.0, 0.0, 1.0}, consistency.values(RouterIntervention.NONE, n -> { }), 1e-12);
            assertEquals(List.of(100L, 101L, 102L), m.seeds, "record i is sampled with seed + i");
            Map<String, TaskResult> r = consistency.evaluate(RouterIntervention.NONE, n -> { });
            assertEquals(1.0, r.get("en").counts().get("exact"));
            assertEquals(0.0, r.get("eng_Latn").counts().get("with_references"));

            GenerationEvaluator exact = new GenerationEvaluator(store, m, ITEMS, false, paper, detector, Score.EXACT_MATCH);
            GenerationEvaluator sub = new GenerationEvaluator(store, m, ITEMS, false, paper, detector, Score.SUBSTRING_MATCH);
            double[] e = exact.values(RouterIntervention.NONE, n -> { });
            assertEquals(1.0, e[0]);
            assertEquals(Double.NaN, e[1], "no references: not applicable");
            assertEquals(0.0, e[2]);
            assertEquals(1.0, sub.values(RouterIntervention.NONE, n -> { })[2]);
            assertEquals(3, m.generateCalls, "cached: every generation metric comes from one stored result");

            new GenerationEvaluator(store, m, ITEMS, false, Sampling.greedy(32), detector, Score.EXACT_MATCH)
                    .values(RouterIntervention.NONE, n -> { });
            assertEquals(6, m.generateCalls, "other decoding settings are another result");
            assertEquals(List.of(100L, 101L, 102L, 0L, 0L, 0L), m.seeds);
        }
    }

    @Test
    void detectsTheLanguageOfEachAnswer() {
        FakeTaskModel m = model();
        try (RoutingStore store = RoutingStore.open(dir.resolve("g.db"))) {
            GenerationEvaluator g = new GenerationEvaluator(store, m, ITEMS, false, Sampling.greedy(8), detector,
                    Score.LANGUAGE_CONSISTENCY);
            GenerationEvaluator.Outcome o = g.generate(ITEMS.get(1), RouterIntervention.NONE);
            assertEquals("de", o.detected());
            assertEquals(false, o.consistent());
            assertEquals("fr", detector.detect("Il fait beau aujourd'hui et nous allons à la plage."));
        }
    }
}
