package dev.moescope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.MoeModel;
import dev.moescope.routing.remote.EngineDouble;
import dev.moescope.routing.remote.RemoteEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code collect --engine vllm --url ...} against the vLLM double (routing from the fixture checkpoint): the ids-only
 * run counts what a local run counts, and stats / profile / export say what it lacks instead of printing zeros.
 */
class RemoteCollectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RES = "/dev/moescope/cli/routing/";

    @TempDir
    static Path dir;
    static Path model;
    static Path corpus;
    static Path db;
    static MoeModel served;
    static EngineDouble server;

    @BeforeAll
    static void serve() throws Exception {
        model = Files.createDirectories(dir.resolve("qwen3_moe"));
        for (String f : List.of("config.json", "generation_config.json", "model.safetensors", "special_tokens_map.json",
                "tokenizer.json", "tokenizer_config.json")) {
            try (InputStream in = RemoteCollectCommandTest.class.getResourceAsStream(RES + "qwen3_moe/" + f)) {
                Files.copy(in, model.resolve(f));
            }
        }
        corpus = dir.resolve("tiny.jsonl");
        try (InputStream in = RemoteCollectCommandTest.class.getResourceAsStream(RES + "tiny.jsonl")) {
            Files.copy(in, corpus);
        }
        db = dir.resolve("work.db");
        served = MoeModel.load(model, LoadOptions.cpu());
        server = new EngineDouble(RemoteEngine.VLLM, served, model, "Qwen/Qwen3-30B-A3B", 0); // weights "elsewhere"
    }

    @AfterAll
    static void stop() {
        server.close();
        served.close();
    }

    @Test
    void remoteRunCountsAsTheLocalRunAndSaysWhatItLacks() throws Exception {
        String remote = run(0, "collect", "--db", db.toString(), "--corpus", corpus.toString(), "--engine", "vllm",
                "--url", server.url().toString(), "--model", model.toString(), "--concurrency", "2")[0];
        assertTrue(remote.contains("complete") && remote.contains("ids-only from " + server.url()), remote);
        String local = run(0, "collect", "--db", db.toString(), "--corpus", corpus.toString(), "--model", model.toString())[0];
        assertTrue(local.startsWith("run 2:"), local);
        JsonNode r = JSON.readTree(run(0, "stats", "--db", db.toString(), "--run", "1", "--format", "json")[0]);
        JsonNode l = JSON.readTree(run(0, "stats", "--db", db.toString(), "--run", "2", "--format", "json")[0]);
        assertEquals("ids-only", r.get("content").asText());
        assertEquals("traces", l.get("content").asText());
        assertTrue(r.get("note").asText().contains("gate weights and router entropy were not recorded"), r.toString());
        for (String lang : List.of("en", "de", "zh")) {
            assertEquals(l.get("languages").get(lang).get("activation_tokens"), r.get("languages").get(lang).get("activation_tokens"));
            assertTrue(r.get("languages").get(lang).get("gate_values_sum").isNull());
            assertTrue(r.get("languages").get(lang).get("softmax_entropy_sum").isNull());
        }
        String[] profile = run(0, "profile", "--db", db.toString(), "--run", "1", "--format", "json");
        assertTrue(profile[1].startsWith("note: run 1 is ids-only (from " + server.url() + ")"), profile[1]);
        assertTrue(JSON.readTree(profile[0]).get("layers").get(0).get("mean_router_entropy").isNull());
        String traces = run(0, "export", "--db", db.toString(), "--run", "1", "--what", "traces")[0];
        assertTrue(traces.lines().skip(1).allMatch(line -> line.endsWith("\",,")), "weights and entropy empty");
        String runs = run(0, "export", "--db", db.toString(), "--what", "runs")[0];
        assertTrue(runs.contains(",ids-only," + server.url()), runs);
    }

    @Test
    void deadServerAndSteeringGiveOneClearError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] dead = run(1, "collect", "--db", dir.resolve("dead.db").toString(), "--corpus", corpus.toString(),
                "--engine", "sglang", "--url", "http://127.0.0.1:" + port, "--retries", "0");
        assertEquals("error: GET http://127.0.0.1:" + port + "/get_model_info: connection refused (is the server "
                + "running, and is the URL right?)", dead[1].strip());
        assertTrue(Files.notExists(dir.resolve("dead.db")), "no database for a server that is not there");
        String[] steer = run(1, "collect", "--db", db.toString(), "--corpus", corpus.toString(), "--engine", "vllm",
                "--url", server.url().toString(), "--steer", model.resolve("config.json").toString());
        assertTrue(steer[1].contains("--steer cannot apply to a remote engine"), steer[1]);
    }

    /** Runs the CLI as main does (errors become "error: ..." and exit 1); returns stdout and stderr. */
    private static String[] run(int expectedCode, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new MoescopeCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> { // as MoescopeCommand.run
            cmd.getErr().println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        int code = cli.execute(args);
        assertEquals(expectedCode, code, String.join(" ", args) + "\nout: " + out + "\nerr: " + err);
        return new String[] {out.toString(), err.toString()};
    }
}
