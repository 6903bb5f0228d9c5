package dev.moescope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.RouterIntervention;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routing commands end to end on the fixture model (byte-level tokenizer: one token per UTF-8 byte) with a
 * 3-language JSONL corpus: collect once, then read the database with every command.
 */
class RoutingCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RES = "/dev/moescope/cli/routing/";

    @TempDir
    static Path dir;
    static Path model;
    static Path corpus;
    static Path db;

    @BeforeAll
    static void collectOnce() throws Exception {
        model = Files.createDirectories(dir.resolve("qwen3_moe"));
        for (String f : List.of("config.json", "generation_config.json", "model.safetensors", "special_tokens_map.json",
                "tokenizer.json", "tokenizer_config.json")) {
            try (InputStream in = RoutingCommandsTest.class.getResourceAsStream(RES + "qwen3_moe/" + f)) {
                Files.copy(in, model.resolve(f));
            }
        }
        corpus = dir.resolve("tiny.jsonl");
        try (InputStream in = RoutingCommandsTest.class.getResourceAsStream(RES + "tiny.jsonl")) {
            Files.copy(in, corpus);
        }
        db = dir.resolve("work.db");
        String out = run("collect", "--db", db.toString(), "--model", model.toString(), "--corpus", corpus.toString(),
                "--batch", "4");
        assertTrue(out.contains("6/6 samples"), out);
        assertTrue(out.contains("complete"), out);
    }

    private static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MoescopeCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            throw ex;
        });
        int code = cli.execute(args);
        assertEquals(0, code, String.join(" ", args) + "\nout: " + out + "\nerr: " + err);
        return out.toString();
    }

    private static Map<String, Long> trainBytesUnchecked() {
        try {
            return trainBytes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Train-split UTF-8 bytes per language: the fixture tokenizer has one token per byte. */
    private static Map<String, Long> trainBytes() throws Exception {
        Map<String, Long> bytes = new HashMap<>();
        for (String line : Files.readAllLines(corpus)) {
            JsonNode n = JSON.readTree(line);
            if (n.get("split").asText().equals("train")) {
                bytes.merge(n.get("lang").asText(), (long) n.get("text").asText().getBytes(StandardCharsets.UTF_8).length, Long::sum);
            }
        }
        return bytes;
    }

    @Test
    void statsJsonHasThePaperShapeAndTotalsEqualTokenCounts() throws Exception {
        JsonNode stats = JSON.readTree(run("stats", "--db", db.toString(), "--run", "1", "--format", "json"));
        assertEquals(model.toAbsolutePath().normalize().toString(), stats.get("model").asText());
        assertEquals("[0,1,2]", stats.get("moe_layers").toString());
        assertEquals(8, stats.get("num_experts").asInt());
        JsonNode langs = stats.get("languages");
        assertEquals(List.of("en", "de", "zh"), (iterable(langs.fieldNames())));
        Map<String, Long> expected = trainBytes();
        for (String lang : List.of("en", "de", "zh")) {
            JsonNode l = langs.get(lang);
            long total = l.get("total_tokens").asLong();
            assertEquals(expected.get(lang), total, lang);
            assertEquals(3, l.get("activation_tokens").size());
            for (int layer = 0; layer < 3; layer++) {
                JsonNode act = l.get("activation_tokens").get(layer);
                JsonNode gate = l.get("gate_values_sum").get(layer);
                assertEquals(8, act.size());
                long selections = 0;
                double gates = 0;
                for (int e = 0; e < 8; e++) {
                    selections += act.get(e).asLong();
                    gates += gate.get(e).asDouble();
                }
                assertEquals(2 * total, selections, "top-2: two experts per token");
                assertEquals(total, gates, 1e-3, "norm_topk_prob: weights of a token sum to 1");
            }
        }
        String csv = run("stats", "--db", db.toString(), "--run", "1", "--format", "csv");
        assertEquals(1 + 3 * 3 * 8, csv.strip().split("\n").length);
    }

    @Test
    void secondCollectIsACacheHitAndBosMakesANewRun() throws Exception {
        String again = run("collect", "--db", db.toString(), "--model", model.toString(), "--corpus", corpus.toString());
        assertTrue(again.contains("cached (nothing computed)"), again);
        String bos = run("collect", "--db", db.toString(), "--model", model.toString(), "--corpus", corpus.toString(),
                "--bos", "--langs", "zh");
        assertTrue(bos.contains("run 2: 2/2 samples"), bos);
        JsonNode zh = JSON.readTree(run("stats", "--db", db.toString(), "--run", "2")).get("languages").get("zh");
        assertEquals(trainBytesUnchecked().get("zh") + 2, zh.get("total_tokens").asLong(), "one BOS per sample");
        String runs = run("export", "--db", db.toString(), "--what", "runs", "--format", "csv");
        assertEquals(1 + 2, runs.strip().split("\n").length, "header + 2 runs: " + runs);
    }

    @Test
    void severalRunsAreAnalysedTogetherLikeTheAppsOneRunPerLanguage() throws Exception {
        Path perLanguage = dir.resolve("per-language.db");
        for (String lang : List.of("en", "de")) {
            run("collect", "--db", perLanguage.toString(), "--model", model.toString(), "--corpus", corpus.toString(),
                    "--langs", lang);
        }
        JsonNode both = JSON.readTree(run("stats", "--db", perLanguage.toString(), "--run", "1,2"));
        assertEquals(List.of("en", "de"), iterable(both.get("languages").fieldNames()));
        assertEquals("[1,2]", both.get("runs").toString());
        JsonNode together = JSON.readTree(run("stats", "--db", db.toString(), "--run", "1")).get("languages");
        // de's counts do not depend on how it was collected (gate sums differ in the 7th digit: other batches)
        assertEquals(together.get("de").get("total_tokens"), both.get("languages").get("de").get("total_tokens"));
        assertEquals(together.get("de").get("activation_tokens"), both.get("languages").get("de").get("activation_tokens"));
        // without --run: the latest complete collection across its languages, and stderr says which runs
        String[] defaultOut = new String[1];
        String used = RunSelectionTest.stderrOf(() -> defaultOut[0] = run("stats", "--db", perLanguage.toString()));
        JsonNode byDefault = JSON.readTree(defaultOut[0]);
        assertEquals(List.of("en", "de"), iterable(byDefault.get("languages").fieldNames()));
        assertEquals("[1,2]", byDefault.get("runs").toString());
        assertTrue(used.startsWith("using runs 1,2 (model ") && used.strip().endsWith(": en, de); choose others with --run"), used);
        String runList = run("export", "--db", perLanguage.toString(), "--what", "runs", "--format", "csv");
        assertTrue(runList.startsWith("id,model,corpus,languages,status"), runList);
        assertTrue(runList.contains(",en,complete,") && runList.contains(",de,complete,"), runList);
        JsonNode runJson = JSON.readTree(run("export", "--db", perLanguage.toString(), "--what", "runs", "--format", "json"));
        assertEquals("[\"de\"]", runJson.get(1).get("languages").toString());
        String similarity = run("similarity", "--db", perLanguage.toString(), "--run", "2,1", "--format", "csv");
        assertTrue(similarity.contains("de") && similarity.contains("en"), similarity);

        JsonNode repeated = JSON.readTree(run("stats", "--db", perLanguage.toString(), "--run", "1,1,2,1"));
        assertEquals("[1,2]", repeated.get("runs").toString(), "repeated ids are read once");
        String traces = RunSelectionTest.stderrOf(() -> assertEquals(1, MoescopeCommand.run("export", "--db",
                perLanguage.toString(), "--what", "traces", "--run", "1,2")));
        assertEquals("error: this reads one run at a time; got --run 1,2", traces.strip());
        run("collect", "--db", perLanguage.toString(), "--model", model.toString(), "--corpus", corpus.toString(),
                "--langs", "en", "--bos"); // run 3: en again
        String overlap = RunSelectionTest.stderrOf(() -> assertEquals(1, MoescopeCommand.run("stats", "--db",
                perLanguage.toString(), "--run", "1,3")));
        assertTrue(overlap.startsWith("error: " + perLanguage.toAbsolutePath() + ": runs 1,3 cannot be analysed together")
                && overlap.contains("'en'"), overlap);
        // run 3 (with BOS) is a collection of its own: the default now reads it alone, not mixed with runs 1 and 2
        String[] latestOut = new String[1];
        RunSelectionTest.stderrOf(() -> latestOut[0] = run("stats", "--db", perLanguage.toString()));
        JsonNode latest = JSON.readTree(latestOut[0]);
        assertEquals(3, latest.get("run").asInt());
        assertEquals(null, latest.get("runs"), "one run");
    }

    @Test
    void classifyAndSteerPlanWriteWhatTheBridgeReads() throws Exception {
        JsonNode c = JSON.readTree(run("classify", "--db", db.toString(), "--run", "1", "--k", "3", "--thr", "0.4"));
        assertEquals(List.of("0", "1", "2"), (iterable(c.fieldNames())));
        for (JsonNode layer : c) {
            assertTrue(layer.get("shared").isArray());
            assertEquals(List.of("en", "de", "zh"), (iterable(layer.get("exclusive").fieldNames())));
        }
        Path steer = dir.resolve("steer.json");
        run("steer-plan", "--db", db.toString(), "--run", "1", "--target", "en,de", "--k", "3", "--thr", "0.4", "--start", "0",
                "--end", "2", "--lambda", "0.3", "--out", steer.toString());
        JsonNode plan = JSON.readTree(steer.toFile());
        assertEquals(0.3, plan.get("scaled").get("lambda").asDouble());
        RouterIntervention iv = RouterIntervention.read(steer); // the bridge accepts it
        assertEquals(0.3, iv.lambda());
        assertTrue(iv.mask().isEmpty() && iv.bias().isEmpty());
    }

    @Test
    void analysisCommandsAndExportRun() throws Exception {
        JsonNode sim = JSON.readTree(run("similarity", "--db", db.toString(), "--run", "1"));
        assertEquals(3, sim.get("distances").size());
        assertTrue(sim.get("newick").asText().endsWith(";"));
        JsonNode profile = JSON.readTree(run("profile", "--db", db.toString(), "--run", "1", "--k", "3"));
        assertEquals(3, profile.get("layers").size());
        String contrast = run("contrast", "--db", db.toString(), "--run", "1", "--a", "en,de", "--b", "zh", "--top", "4", "--format", "csv");
        assertEquals(5, contrast.strip().split("\n").length);
        long tokens = trainBytes().values().stream().mapToLong(Long::longValue).sum();
        String traces = run("export", "--db", db.toString(), "--what", "traces", "--format", "csv", "--run", "1");
        assertEquals(1 + tokens * 3, traces.strip().split("\n").length, "one row per token and MoE layer");
    }

    @Test
    void maskingAndSteeringExperimentsReportBitsPerByteAndAreCached() throws Exception {
        String[] args = {"intervene", "--db", db.toString(), "--model", model.toString(), "--corpus", corpus.toString(),
                "--bands", "all", "--mask", "zh", "--k", "3", "--format", "json", "--run", "1"};
        JsonNode r = JSON.readTree(run(args));
        JsonNode all = r.get("all");
        double baseZh = all.get("baseline_bpb").get("zh").asDouble();
        assertTrue(baseZh > 0 && baseZh < 20, "bpb " + baseZh);
        assertTrue(all.get("masked_experts").get("zh").asInt() > 0);
        assertNotEquals(0.0, all.get("delta_bpb").get("zh").get("zh").asDouble(), "masking changes the model");
        assertEquals(r, JSON.readTree(run(args)), "second run reads the cached results");

        // no --model / --corpus: the run's model and corpus
        JsonNode s = JSON.readTree(run("steer-eval", "--db", db.toString(), "--target", "en", "--k", "3",
                "--lambdas", "0,1", "--run", "1"));
        JsonNode sweep = s.get("sweep");
        assertEquals(2, sweep.size());
        assertEquals(0.0, sweep.get(0).get("delta_bpb").get("en").asDouble(), 1e-12, "lambda 0 is the baseline");
        assertEquals(baseZh, sweep.get(0).get("bpb").get("zh").asDouble(), 1e-9);
    }

    @Test
    void steerCurvePrintsTheSharePerLambdaAndLanguageWithThePromptsUsed() {
        String out = run("steer-curve", "--db", db.toString(), "--run", "1", "--targets", "zh,de", "--prompt-langs", "en,de",
                "--prompts", "2", "--lambdas", "0,4", "--max-new-tokens", "6", "--k", "3", "--thr", "0.4");
        assertTrue(out.contains("prompts (2, held-out openings in en,de, seed 0):"), out);
        assertTrue(out.contains("en/3: No one shall be held in slavery.") && out.contains("de/3: Niemand darf in Sklaverei gehalten werden."), out);
        assertTrue(out.contains("toward zh: "), out);
        List<String> lines = out.lines().toList();
        int head = lines.indexOf("share of letters in X's script:");
        assertEquals(List.of("lambda", "zh(Hans)", "de(Latn)"), List.of(lines.get(head + 1).trim().split("\\s+")));
        String[] zero = lines.get(head + 2).trim().split("\\s+");
        assertEquals("0.0", zero[0]);
        assertEquals(3, zero.length);
        int detected = lines.stream().filter(l -> l.startsWith("share of generations detected as X")).findFirst()
                .map(lines::indexOf).orElseThrow();
        assertTrue(lines.get(detected + 3).startsWith("4.0"), out);
    }

    @Test
    void intervenesOnThePapersBandsWithSummedTargets() throws Exception {
        // 3 MoE layers: the paper's 0-4, 22-26, 43-47 of 48 scale to one layer each
        JsonNode r = JSON.readTree(run("intervene", "--db", db.toString(), "--run", "1", "--bands", "paper,1-2", "--mask", "en,zh",
                "--mask", "en", "--no-shared", "--k", "3", "--format", "json"));
        assertEquals(List.of("0-0", "1-1", "2-2", "1-2"), iterable(r.fieldNames()));
        for (JsonNode band : r) {
            int summed = band.get("masked_experts").get("en+zh").asInt();
            assertTrue(summed >= band.get("masked_experts").get("en").asInt(), band.toString());
        }
        assertEquals(r.get("1-1").get("masked_experts").get("en+zh").asInt() + r.get("2-2").get("masked_experts").get("en+zh").asInt(),
                r.get("1-2").get("masked_experts").get("en+zh").asInt(), "a range masks the union of its layers");
        JsonNode one = JSON.readTree(run("intervene", "--db", db.toString(), "--run", "1", "--start", "1", "--end", "2",
                "--mask", "en,zh", "--no-shared", "--k", "3", "--format", "json"));
        assertEquals(r.get("1-2").get("delta_bpb").get("en+zh"), one.get("1-2").get("delta_bpb").get("en+zh"),
                "--start/--end is the same band, read from the cache");
    }

    @Test
    void experimentsRefuseAModelOtherThanTheRunsOne() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        try (var files = Files.list(model)) {
            for (Path f : files.toList()) {
                Files.copy(f, other.resolve(f.getFileName()));
            }
        }
        Files.writeString(other.resolve("config.json"), Files.readString(model.resolve("config.json")) + "\n");
        assertEquals(1, MoescopeCommand.run("intervene", "--db", db.toString(), "--run", "1", "--model", other.toString(),
                "--bands", "all", "--mask", "en"));
    }

    @Test
    void readersGiveClearErrorsForMissingOrCorruptDatabases() throws Exception {
        Path bad = dir.resolve("bad.db");
        Files.writeString(bad, "this is not a database, just text that is long enough to be read as a header");
        assertEquals(1, MoescopeCommand.run("stats", "--db", bad.toString()));
        assertEquals("this is not a database, just text that is long enough to be read as a header", Files.readString(bad));
        Path absent = dir.resolve("absent.db");
        assertEquals(1, MoescopeCommand.run("stats", "--db", absent.toString()));
        assertFalse(Files.exists(absent), "a reader does not create a database");
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
