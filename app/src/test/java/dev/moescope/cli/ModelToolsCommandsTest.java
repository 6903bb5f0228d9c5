package dev.moescope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** make-random, inspect and bench end to end on a tiny random checkpoint. */
class ModelToolsCommandsTest {

    @TempDir
    Path dir;

    private static String run(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        int code = cli.execute(args);
        assertEquals(0, code, "exit code of " + String.join(" ", args) + "; output: " + out);
        return out.toString();
    }

    @Test
    void makeRandomThenInspectShowsLayersParametersAndFit() throws Exception {
        Path model = dir.resolve("q2");
        String made = run(new MakeRandomCommand(), "--arch", "qwen2_moe", "--out", model.toString(), "--dtype", "bf16",
                "--shards", "2", "--seed", "3");
        assertTrue(made.contains("2 file(s)"), made);
        assertTrue(Files.exists(model.resolve("model-00002-of-00002.safetensors")));
        assertTrue(Files.exists(model.resolve("tokenizer.json")));
        String report = run(new InspectCommand(), "--model", model.toString(), "--context", "256");
        assertTrue(report.contains("architecture: qwen2_moe"), report);
        assertTrue(report.contains("MoE: 1, 3; dense: 0, 2"), report);
        assertTrue(report.contains("(BF16 "), report);
        assertTrue(report.contains("-> fits"), report);
        assertTrue(report.contains("fit: cpu f32, context 256"), report);
    }

    @Test
    void inspectWorksOnAConfigWithoutWeightsAndRefusesAnAbsentGpu() throws Exception {
        Path model = Files.createDirectories(dir.resolve("mixtral"));
        try (InputStream in = getClass().getResourceAsStream("mixtral-8x7b-v0.1.config.json")) {
            Files.copy(in, model.resolve("config.json"));
        }
        String report = run(new InspectCommand(), "--model", model.toString(), "--device", "gpu");
        assertTrue(report.contains("total 46.70B, active 12.88B"), report);
        assertTrue(report.contains("no weights (config only)"), report);
        assertTrue(report.contains("does NOT fit"), report);
        assertTrue(report.contains("fit: gpu f16"), "the GPU default dtype is f16: " + report);
        assertTrue(run(new InspectCommand(), "--model", model.toString(), "--device", "gpu", "--dtype", "f32")
                .contains("fit: gpu f32"));
    }

    @Test
    void badOptionsAreOneLineErrors() {
        assertEquals(1, MoescopeCommand.run("inspect", "--model", dir.resolve("absent").toString()));
        assertEquals(1, MoescopeCommand.run("make-random", "--arch", "gpt2", "--out", dir.toString()));
        assertEquals(1, MoescopeCommand.run("bench", "--model", dir.toString(), "--dtype", "f16"));
    }

    @Test
    void benchPrintsOneJsonLine() throws Exception {
        Path model = dir.resolve("olmoe");
        run(new MakeRandomCommand(), "--arch", "olmoe", "--out", model.toString());
        String line = run(new BenchCommand(), "--model", model.toString(), "--prompt-tokens", "16", "--new-tokens", "4",
                "--runs", "1", "--no-capture").trim();
        assertEquals(1, line.lines().count(), line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertTrue(json.get("prefill_tokens_per_s").asDouble() > 0, line);
        assertTrue(json.get("decode_tokens_per_s").asDouble() > 0, line);
        assertEquals(false, json.get("capture").asBoolean());
        assertEquals("cpu", json.get("device").asText());
        assertEquals("f32", json.get("dtype").asText());
        assertEquals("grouped", json.get("dispatch").asText());
        assertTrue(json.get("peak_rss_mb").asDouble() > 0);
        assertTrue(json.get("sgemm_peak_gflops").asDouble() > 0, line);
        assertTrue(json.get("prefill_share_of_sgemm_peak_pct").asDouble() > 0, line);
        assertTrue(!json.has("capture_overhead_pct"), "no overhead to report without capture: " + line);

        JsonNode captured = new ObjectMapper().readTree(run(new BenchCommand(), "--model", model.toString(),
                "--prompt-tokens", "16", "--new-tokens", "4", "--runs", "1").trim());
        assertEquals(true, captured.get("capture").asBoolean());
        assertTrue(captured.get("prefill_uncaptured_tokens_per_s").asDouble() > 0, captured.toString());
        assertTrue(captured.has("capture_overhead_pct"), captured.toString());

        JsonNode rss = new ObjectMapper().readTree(run(new BenchCommand(), "--model", model.toString(),
                "--rss-forwards", "20", "--rss-tokens", "4").trim());
        assertEquals(20, rss.get("forwards").asInt());
        assertTrue(rss.get("rss_before_mb").asDouble() > 0 && rss.get("rss_after_mb").asDouble() > 0, rss.toString());
        assertTrue(rss.has("rss_growth_mb"));
    }
}
