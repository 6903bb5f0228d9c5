package dev.moescope.routing.task;

import dev.moescope.bridge.RouterIntervention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.MoeModel;
import dev.moescope.routing.experiment.BridgeScoringModel;
import dev.moescope.routing.experiment.GeneratingModel.Sampling;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.TaskResult;
import dev.moescope.routing.task.ChoiceScores.Normalisation;
import dev.moescope.routing.task.ChoiceScores.OptionScore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on the tiny qwen3_moe fixture (byte-level tokenizer, no BOS): per-option log-probabilities against
 * log_softmax of trace logits computed here: the HF golden trace of "The quick brown fox jumps over it" (plain and
 * steered) and the bridge's own full-logits trace for the other options.
 */
class TaskFixtureModelTest {
    private static final String PROMPT = "The quick brown fox jumps";
    private static final ChoiceItem ITEM = new ChoiceItem("fox", "en", PROMPT, List.of(" over it", " under it", "!"), 0);

    @TempDir
    Path dir;

    static Path modelDir;
    static MoeModel model;

    @BeforeAll
    static void load() throws URISyntaxException {
        modelDir = Path.of(TaskFixtureModelTest.class.getResource("/qwen3_moe/config.json").toURI()).getParent();
        model = MoeModel.load(modelDir, LoadOptions.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static JsonNode golden(String name) throws IOException, URISyntaxException {
        return new ObjectMapper().readTree(Path.of(TaskFixtureModelTest.class.getResource("/qwen3_moe_golden/" + name).toURI()).toFile());
    }

    /** Sum over option tokens of log_softmax(logits[t - 1])[ids[t]], in double, for t from {@code first}. */
    static double optionLogProb(float[][] logits /* [T][V] */, int[] ids, int first) {
        double sum = 0;
        for (int t = first; t < ids.length; t++) {
            float[] row = logits[t - 1];
            double max = Double.NEGATIVE_INFINITY;
            for (float v : row) {
                max = Math.max(max, v);
            }
            double z = 0;
            for (float v : row) {
                z += Math.exp(v - max);
            }
            sum += row[ids[t]] - max - Math.log(z);
        }
        return sum;
    }

    static float[][] logits(JsonNode trace) {
        JsonNode rows = trace.get("logits");
        float[][] out = new float[rows.size()][];
        for (int t = 0; t < out.length; t++) {
            out[t] = new float[rows.get(t).size()];
            for (int v = 0; v < out[t].length; v++) {
                out[t][v] = (float) rows.get(t).get(v).asDouble();
            }
        }
        return out;
    }

    static int[] bytes(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xff;
        }
        return ids;
    }

    @Test
    void optionLogProbabilitiesMatchTheTraceLogits() throws Exception {
        JsonNode plain = golden("len33.json");
        JsonNode steered = golden("len33.steer.json");
        RouterIntervention steer = RouterIntervention.parse(Files.readString(Path.of(getClass().getResource("/qwen3_moe_golden/steer.json").toURI())));
        int[] full = bytes(PROMPT + " over it");
        int[] goldenTokens = new ObjectMapper().treeToValue(plain.get("tokens"), int[].class);
        assertArrayEquals(goldenTokens, full, "the first option completes the golden's text");
        int first = PROMPT.length(); // one byte, one token

        try (RoutingStore store = RoutingStore.open(dir.resolve("t.db"))) {
            BridgeScoringModel scorer = new BridgeScoringModel(model, modelDir);
            ChoiceEvaluator e = new ChoiceEvaluator(store, scorer, List.of(ITEM), false, 4, Normalisation.SUM);
            List<OptionScore> none = e.optionScores(List.of(ITEM), RouterIntervention.NONE).get(0);
            List<OptionScore> withSteer = e.optionScores(List.of(ITEM), steer).get(0);

            double goldenPlain = optionLogProb(logits(plain), full, first);
            double goldenSteered = optionLogProb(logits(steered), full, first);
            // the option's 8 float32 log-softmax terms agree with the golden's to ~1e-6 each
            assertEquals(goldenPlain, none.get(0).logProb(), 1e-4);
            assertEquals(goldenSteered, withSteer.get(0).logProb(), 1e-4);
            assertTrue(Math.abs(goldenPlain - goldenSteered) > 0.1, "the steering changes the option's log-probability");
            assertEquals(8, none.get(0).tokens());
            assertEquals(8, none.get(0).bytes());

            // the other options, against the bridge's full-logits trace of each sequence
            for (int o = 1; o < ITEM.options().size(); o++) {
                int[] ids = bytes(PROMPT + ITEM.options().get(o));
                float[][] traceLogits = model.forward(ids, ForwardOptions.trace()).logits();
                double expected = optionLogProb(traceLogits, ids, first);
                assertEquals(expected, none.get(o).logProb(), 1e-4 * Math.max(1, Math.abs(expected)), "option " + o);
            }
        }
    }

    @Test
    void belebeleFileAccuracyAgreesWithThePredictionsAndGenerationRuns() throws Exception {
        Path file = Path.of(getClass().getResource("/tasks/belebele-mini.jsonl").toURI());
        List<ChoiceItem> items = TaskFile.choices(file, TaskFields.defaults());
        try (RoutingStore store = RoutingStore.open(dir.resolve("t.db"))) {
            BridgeScoringModel scorer = new BridgeScoringModel(model, modelDir);
            ChoiceEvaluator e = new ChoiceEvaluator(store, scorer, items, false, 2, Normalisation.PER_BYTE);
            Map<String, TaskResult> r = e.evaluate(RouterIntervention.NONE, n -> { });
            List<List<OptionScore>> scores = e.optionScores(items, RouterIntervention.NONE);
            for (int i = 0; i < items.size(); i++) {
                ChoiceItem item = items.get(i);
                for (Normalisation n : Normalisation.values()) {
                    double right = ChoiceScores.predict(scores.get(i), n) == item.answer() ? 1 : 0;
                    assertEquals(right, r.get(item.lang()).counts().get(n.count()), item.id() + " " + n);
                }
            }
            assertEquals(List.of("eng_Latn", "deu_Latn", "fra_Latn"), e.languages());

            // generation: greedy text equals the argmax chain of the trace logits, and is cached
            List<GenerationItem> gens = List.of(new GenerationItem("g", "en", PROMPT, List.of()));
            try (LanguageConsistency detector = new LanguageConsistency(List.of("en"), List.of("de"), true)) {
                GenerationEvaluator g = new GenerationEvaluator(store, scorer, gens, false, Sampling.greedy(4), detector,
                        GenerationEvaluator.Score.LANGUAGE_CONSISTENCY);
                String text = g.generate(gens.get(0), RouterIntervention.NONE).text();
                int[] ids = bytes(PROMPT);
                StringBuilder expected = new StringBuilder();
                for (int s = 0; s < 4; s++) {
                    float[][] l = model.forward(ids, ForwardOptions.trace()).logits();
                    int next = argmax(l[ids.length - 1]);
                    if (next == 257) {
                        break; // <|eos|>
                    }
                    ids = java.util.Arrays.copyOf(ids, ids.length + 1);
                    ids[ids.length - 1] = next;
                }
                String decoded = scorer.decode(java.util.Arrays.copyOfRange(ids, PROMPT.length(), ids.length));
                assertEquals(decoded, text);
                g.values(RouterIntervention.NONE, n -> { });
                int before = g.scoredSamples();
                g.values(RouterIntervention.NONE, n -> { });
                assertEquals(before, g.scoredSamples(), "cached");
            }
        }
    }

    private static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }
}
