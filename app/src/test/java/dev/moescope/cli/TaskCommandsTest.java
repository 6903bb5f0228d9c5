package dev.moescope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** intervene and steer-eval with task metrics (--metric, --tasks) on the fixture model. */
class TaskCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RES = "/dev/moescope/cli/routing/";

    @TempDir
    static Path dir;
    static Path model;
    static Path corpus;
    static Path db;
    static Path choices;
    static Path generations;

    @BeforeAll
    static void collectOnce() throws Exception {
        model = Files.createDirectories(dir.resolve("qwen3_moe"));
        for (String f : List.of("config.json", "generation_config.json", "model.safetensors", "special_tokens_map.json",
                "tokenizer.json", "tokenizer_config.json")) {
            try (InputStream in = TaskCommandsTest.class.getResourceAsStream(RES + "qwen3_moe/" + f)) {
                Files.copy(in, model.resolve(f));
            }
        }
        corpus = dir.resolve("tiny.jsonl");
        try (InputStream in = TaskCommandsTest.class.getResourceAsStream(RES + "tiny.jsonl")) {
            Files.copy(in, corpus);
        }
        db = dir.resolve("work.db");
        run("collect", "--db", db.toString(), "--model", model.toString(), "--corpus", corpus.toString(), "--batch", "4");
        choices = dir.resolve("mc.jsonl");
        Files.writeString(choices, """
                {"flores_passage": "All human beings are born free.", "question": "Who is born free?", "mc_answer1": "all human beings", "mc_answer2": "no one", "correct_answer_num": "1", "dialect": "eng_Latn"}
                {"flores_passage": "Everyone has the right to life.", "question": "What right?", "mc_answer1": "to sleep", "mc_answer2": "to life", "mc_answer3": "none", "correct_answer_num": "2", "dialect": "eng_Latn"}
                {"flores_passage": "人人生而自由。", "question": "谁生而自由？", "mc_answer1": "人人", "mc_answer2": "没有人", "correct_answer_num": "1", "dialect": "zho_Hans"}
                """);
        generations = dir.resolve("gen.jsonl");
        Files.writeString(generations, """
                {"prompt": "All human beings are", "references": ["born free"], "lang": "en"}
                {"prompt": "人人生而", "references": ["自由"], "lang": "zh"}
                """);
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

    @Test
    void interveneReportsMultipleChoiceAccuracyPerTaskLanguageAndCachesIt() throws Exception {
        String[] args = {"intervene", "--db", db.toString(), "--run", "1", "--bands", "all", "--mask", "zh", "--k", "3",
                "--metric", "mc-accuracy-byte", "--tasks", choices.toString(), "--format", "json"};
        JsonNode r = JSON.readTree(run(args));
        JsonNode base = r.get("all").get("baseline_mc-accuracy-byte");
        assertEquals(2, base.size());
        for (String lang : List.of("eng_Latn", "zho_Hans")) {
            double acc = base.get(lang).asDouble();
            assertTrue(acc == 0 || acc == 0.5 || acc == 1, lang + " accuracy over its records: " + acc);
        }
        assertTrue(r.get("all").get("delta_mc-accuracy-byte").has("zh"));
        assertEquals(r, JSON.readTree(run(args)), "second run reads the cached results");
    }

    @Test
    void steerEvalReportsGenerationMetrics() throws Exception {
        JsonNode s = JSON.readTree(run("steer-eval", "--db", db.toString(), "--run", "1", "--target", "en", "--k", "3",
                "--lambdas", "0", "--metric", "language-consistency", "--tasks", generations.toString(),
                "--max-new-tokens", "4", "--low-accuracy-detector"));
        JsonNode point = s.get("sweep").get(0);
        assertEquals(0.0, point.get("delta_language-consistency").get("en").asDouble(), 1e-12, "lambda 0 is the baseline");
        double c = point.get("language-consistency").get("zh").asDouble();
        assertTrue(c == 0 || c == 1, "one zh record: " + c);
        String csv = run("steer-eval", "--db", db.toString(), "--run", "1", "--target", "en", "--k", "3",
                "--lambdas", "0", "--metric", "exact-match", "--tasks", generations.toString(), "--max-new-tokens", "4",
                "--low-accuracy-detector", "--format", "csv");
        assertTrue(csv.startsWith("lambda,lang,exact-match,delta_exact-match"), csv);
    }

    @Test
    void taskMetricsNeedATaskFileAndBadRecordsNameTheLine() throws Exception {
        assertEquals(1, MoescopeCommand.run("intervene", "--db", db.toString(), "--run", "1", "--bands", "all",
                "--metric", "mc-accuracy"));
        assertEquals(1, MoescopeCommand.run("intervene", "--db", db.toString(), "--run", "1", "--bands", "all",
                "--metric", "perplexity", "--tasks", choices.toString()));
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"flores_passage\": \"x\", \"question\": \"y\", \"mc_answer1\": \"a\", \"dialect\": \"en\"}\n");
        CommandLine cli = new CommandLine(new MoescopeCommand());
        String[] message = {""};
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            message[0] = ex.getMessage();
            return 1;
        });
        assertEquals(1, cli.execute("intervene", "--db", db.toString(), "--run", "1", "--bands", "all",
                "--metric", "mc-accuracy", "--tasks", bad.toString()));
        assertTrue(message[0].contains("bad.jsonl:1") && message[0].contains("at least 2 options"), message[0]);
    }
}
