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

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train-tokenizer, then a tiny subword train-demo run that stops, resumes and matches a straight run. */
class TrainCommandsTest {

    @TempDir
    Path dir;

    private static String run(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute(args);
        assertEquals(0, code, "exit code of " + String.join(" ", args) + "; output: " + out);
        return out.toString();
    }

    @Test
    void tokenizerThenResumableSubwordTraining() throws Exception {
        Path corpus = dir.resolve("mini.jsonl");
        try (InputStream in = getClass().getResourceAsStream("mini-corpus.jsonl")) {
            Files.copy(in, corpus);
        }
        Path tok = dir.resolve("tok");
        String report = run(new TrainTokenizerCommand(), "--corpus", corpus.toString(), "--vocab", "400",
                "--out", tok.toString(), "--max-length", "32");
        assertTrue(report.contains("4 languages in 4 scripts"), report);
        assertTrue(report.contains("(400 entries)"), report);
        assertTrue(report.lines().anyMatch(l -> l.startsWith("hi    Deva")), report);
        assertTrue(report.contains("DJL encodes every held-out segment like the reference encoder"), report);

        String[] common = {"--preset", "tiny", "--tokenizer", tok.toString(), "--corpus", corpus.toString(),
                "--steps", "3", "--batch", "1", "--seq-len", "32", "--threads", "1", "--log-every", "1", "--dtype", "f32"};
        Path run = dir.resolve("run");
        String first = run(new TrainDemoCommand(), concat(common, "--checkpoint-dir", run.toString(),
                "--checkpoint-every", "1", "--stop-after", "2", "--out", dir.resolve("partial").toString()));
        assertTrue(first.contains("stopped after step 2 of 3"), first);
        assertTrue(first.contains("vocab 400, context 32"), first);
        StringWriter refused = new StringWriter();
        CommandLine other = new CommandLine(new TrainDemoCommand());
        other.setOut(new PrintWriter(refused));
        other.setErr(new PrintWriter(refused));
        other.setExecutionExceptionHandler((e, cmd, parsed) -> {
            refused.write(e.getMessage());
            return 1;
        });
        String[] twoThreads = concat(common, "--checkpoint-dir", run.toString(), "--resume", "--out", dir.resolve("x").toString());
        twoThreads[java.util.Arrays.asList(twoThreads).indexOf("--threads") + 1] = "2";
        assertEquals(1, other.execute(twoThreads), "resuming with another thread count is refused");
        assertTrue(refused.toString().contains("--threads 1"), refused.toString());
        String second = run(new TrainDemoCommand(), concat(common, "--checkpoint-dir", run.toString(), "--resume",
                "--out", dir.resolve("resumed").toString()));
        assertTrue(second.contains("step     3/3"), second);
        assertTrue(!second.contains("step     1/3"), "the resumed run starts at step 3: " + second);
        run(new TrainDemoCommand(), concat(common, "--out", dir.resolve("straight").toString()));

        byte[] resumed = Files.readAllBytes(dir.resolve("resumed/model.safetensors"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("straight/model.safetensors")), resumed);
        assertNotEquals(Files.mismatch(dir.resolve("partial/model.safetensors"), dir.resolve("resumed/model.safetensors")), -1L);
        assertEquals(Files.readString(tok.resolve("tokenizer.json")), Files.readString(dir.resolve("resumed/tokenizer.json")));
        JsonNode config = new ObjectMapper().readTree(dir.resolve("resumed/config.json").toFile());
        assertEquals(400, config.get("vocab_size").asInt());
        assertEquals(32, config.get("max_position_embeddings").asInt(), "declared context = trained context");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
