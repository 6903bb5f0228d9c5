package dev.moescope.routing.task;

import dev.moescope.bridge.RouterIntervention;

import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.TaskResult;
import dev.moescope.routing.task.ChoiceScores.Normalisation;
import dev.moescope.routing.task.ChoiceScores.OptionScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Multiple-choice accuracy on the fake model's known log-probabilities (see {@link FakeTaskModel}). */
class ChoiceEvaluatorTest {
    @TempDir
    Path dir;

    // en 1: " yes" = 4 ASCII tokens, -4 (per token -1, per byte -1); " no" = 3 tokens, -3 (-1, -1).
    //       sum picks " no" (wrong); per token and per byte tie, and a tie goes to the first: " yes" (right).
    // en 2: " ü" = -1 - 1.2 = -2.2 over 2 tokens (-1.1) and 3 bytes (-0.7333); " uu" = -3 over 3 tokens / bytes (-1).
    //       answer " uu": sum picks " ü" (wrong), per token " uu" (right), per byte " ü" (wrong).
    // de 1: " a" = -2, " bb" = -3: all pick " a", the answer.
    static final List<ChoiceItem> ITEMS = List.of(
            new ChoiceItem("en1", "en", "Is it?\nAnswer:", List.of(" yes", " no"), 0),
            new ChoiceItem("en2", "en", "Which?\nAnswer:", List.of(" ü", " uu"), 1),
            new ChoiceItem("de1", "de", "Welche?\nAnswer:", List.of(" a", " bb"), 0));

    @Test
    void optionScoresAreTheOptionTokensAfterThePrompt() {
        try (RoutingStore store = RoutingStore.open(dir.resolve("t.db"))) {
            ChoiceEvaluator e = new ChoiceEvaluator(store, new FakeTaskModel(), ITEMS, false, 8, Normalisation.SUM);
            List<OptionScore> en2 = e.optionScores(List.of(ITEMS.get(1)), RouterIntervention.NONE).get(0);
            assertEquals(-2.2, en2.get(0).logProb(), 1e-6);
            assertEquals(2, en2.get(0).tokens());
            assertEquals(3, en2.get(0).bytes());
            assertEquals(-3.0, en2.get(1).logProb(), 1e-6);
        }
    }

    @Test
    void accuracyPerLanguageUnderEachNormalisationIsCached() {
        try (RoutingStore store = RoutingStore.open(dir.resolve("t.db"))) {
            FakeTaskModel model = new FakeTaskModel();
            ChoiceEvaluator sum = new ChoiceEvaluator(store, model, ITEMS, false, 2, Normalisation.SUM);
            assertEquals(List.of("en", "de"), sum.languages());
            assertArrayEquals(new double[] {0.0, 1.0}, sum.values(RouterIntervention.NONE, n -> { }), 1e-12);
            assertEquals(2, model.forwardCalls, "batches of 2 records: en, then de");
            Map<String, TaskResult> r = sum.evaluate(RouterIntervention.NONE, n -> { });
            assertEquals(2, r.get("en").samples());
            assertEquals(-4 - 3.0, r.get("en").counts().get("answer_logprob_sum"), 1e-5);

            ChoiceEvaluator perToken = new ChoiceEvaluator(store, model, ITEMS, false, 2, Normalisation.PER_TOKEN);
            ChoiceEvaluator perByte = new ChoiceEvaluator(store, model, ITEMS, false, 2, Normalisation.PER_BYTE);
            assertArrayEquals(new double[] {1.0, 1.0}, perToken.values(RouterIntervention.NONE, n -> { }), 1e-12);
            assertArrayEquals(new double[] {0.5, 1.0}, perByte.values(RouterIntervention.NONE, n -> { }), 1e-12);
            assertEquals(2, model.forwardCalls, "one cached result holds every normalisation");
            assertEquals(0, perByte.scoredSamples());

            // an intervention is another result; BOS another evaluation
            sum.values(RouterIntervention.parse("{\"mask\":{\"0\":[1]}}"), n -> { });
            assertEquals(4, model.forwardCalls);
            new ChoiceEvaluator(store, model, ITEMS, true, 8, Normalisation.SUM).values(RouterIntervention.NONE, n -> { });
            assertEquals(6, model.forwardCalls, "batches never mix languages");
            // a subset of the languages reuses the cached language
            new ChoiceEvaluator(store, model, ITEMS.subList(2, 3), false, 8, Normalisation.SUM).values(RouterIntervention.NONE, n -> { });
            assertEquals(6, model.forwardCalls);
        }
    }

    @Test
    void cachedResultsSurviveReopening() {
        FakeTaskModel model = new FakeTaskModel();
        try (RoutingStore store = RoutingStore.open(dir.resolve("t.db"))) {
            new ChoiceEvaluator(store, model, ITEMS, false, 8, Normalisation.PER_BYTE).values(RouterIntervention.NONE, n -> { });
        }
        try (RoutingStore store = RoutingStore.open(dir.resolve("t.db"))) {
            ChoiceEvaluator again = new ChoiceEvaluator(store, model, ITEMS, false, 8, Normalisation.PER_BYTE);
            assertArrayEquals(new double[] {0.5, 1.0}, again.values(RouterIntervention.NONE, n -> { }), 1e-12);
            assertEquals(2, model.forwardCalls, "one batch per language the first time, none after");
        }
    }
}
