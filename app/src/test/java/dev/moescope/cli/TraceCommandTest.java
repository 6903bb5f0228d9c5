package dev.moescope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.LayerRouting;
import dev.moescope.bridge.TraceJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code moescope trace} reproduces every golden trace of the fixtures, plain and steered. */
class TraceCommandTest {

    @TempDir
    Path tmp;

    static Path fixtures() throws Exception {
        return Path.of(TraceCommandTest.class.getResource("/fixtures/manifest.json").toURI()).getParent();
    }

    @Test
    void everyManifestCaseMatchesItsGolden() throws Exception {
        Path root = fixtures();
        JsonNode manifest = new ObjectMapper().readTree(root.resolve("manifest.json").toFile());
        int cases = 0;
        for (JsonNode m : manifest.get("models")) {
            for (JsonNode c : m.get("cases")) {
                List<String> args = new ArrayList<>(List.of("trace", "--model", root.resolve(c.get("model").asText()).toString()));
                StringBuilder ids = new StringBuilder();
                c.get("ids").forEach(id -> ids.append(ids.length() == 0 ? "" : ",").append(id.asInt()));
                args.add("--ids");
                args.add(ids.toString());
                if (!c.get("steer").isNull()) {
                    args.add("--steer");
                    args.add(root.resolve(c.get("steer").asText()).toString());
                }
                Path out = tmp.resolve("trace" + cases + ".json");
                args.add("--out");
                args.add(out.toString());
                assertEquals(0, MoescopeCommand.run(args.toArray(String[]::new)), "exit code for " + args);
                compare(TraceJson.read(root.resolve(c.get("golden").asText())), TraceJson.read(out), c.get("golden").asText());
                cases++;
            }
        }
        assertEquals(48, cases);
    }

    /** The fixtures README's comparison rule (no ties occur in these goldens). */
    private static void compare(TraceJson.Parsed golden, TraceJson.Parsed got, String name) {
        assertArrayEquals(golden.trace().tokens(), got.trace().tokens(), name + ": tokens");
        assertEquals(golden.trace().layers().stream().map(LayerRouting::layer).toList(),
                got.trace().layers().stream().map(LayerRouting::layer).toList(), name + ": MoE layers");
        double maxGolden = 0;
        double maxErr = 0;
        for (int t = 0; t < golden.logits().length; t++) {
            for (int v = 0; v < golden.logits()[t].length; v++) {
                maxGolden = Math.max(maxGolden, Math.abs(golden.logits()[t][v]));
                maxErr = Math.max(maxErr, Math.abs(golden.logits()[t][v] - got.logits()[t][v]));
            }
        }
        assertTrue(maxErr / maxGolden <= 1e-3, name + ": logits relative error " + maxErr / maxGolden);
        for (int i = 0; i < golden.trace().layers().size(); i++) {
            LayerRouting g = golden.trace().layers().get(i);
            LayerRouting c = got.trace().layers().get(i);
            for (int t = 0; t < g.topkIds().length; t++) {
                assertArrayEquals(g.topkIds()[t], c.topkIds()[t], name + ": layer " + g.layer() + " token " + t);
                for (int s = 0; s < g.topkIds()[t].length; s++) {
                    assertEquals(g.topkWeights()[t][s], c.topkWeights()[t][s], 1e-4, name + ": weight");
                }
            }
        }
    }

    @Test
    void textInputUsesTheTokenizerAndStdout() throws Exception {
        Path model = fixtures().resolve("olmoe/model");
        Run r = run("trace", "--model", model.toString(), "--text", "Hello, ");
        assertEquals(0, r.code, r.err);
        TraceJson.Parsed p = TraceJson.parse(r.out);
        assertArrayEquals(new int[] {72, 101, 108, 108, 111, 44, 32}, p.trace().tokens());
    }

    @Test
    void badInputExitsWithOneAndAClearMessage() throws Exception {
        Path model = fixtures().resolve("qwen3_moe/model");
        Run outOfRange = run("trace", "--model", model.toString(), "--ids", "1,2,384");
        assertEquals(1, outOfRange.code);
        assertTrue(outOfRange.err.startsWith("error: ") && outOfRange.err.contains("384")
                && outOfRange.err.contains("vocab_size"), outOfRange.err);
        Run notInt = run("trace", "--model", model.toString(), "--ids", "1,x");
        assertEquals(1, notInt.code);
        assertTrue(notInt.err.contains("'x'"), notInt.err);
        Run missing = run("trace", "--model", tmpDir("absent").toString(), "--ids", "1");
        assertEquals(1, missing.code);
        assertTrue(missing.err.contains("absent"), missing.err);
        Path unknown = tmpDir("unknown");
        Files.createDirectories(unknown);
        Files.writeString(unknown.resolve("config.json"), "{\"model_type\": \"llama\"}");
        Run type = run("trace", "--model", unknown.toString(), "--ids", "1");
        assertEquals(1, type.code);
        assertTrue(type.err.contains("llama") && type.err.contains("qwen2_moe"), type.err);
        Run badSteer = run("trace", "--model", model.toString(), "--ids", "1", "--steer",
                fixtures().resolve("manifest.json").toString());
        assertEquals(1, badSteer.code);
        assertTrue(badSteer.err.contains("manifest.json"), badSteer.err);
    }

    @Test
    void generateStreamsText() throws Exception {
        Path model = fixtures().resolve("olmoe/model");
        Run r = run("generate", "--model", model.toString(), "--text", "Hello", "--max-new-tokens", "5");
        assertEquals(0, r.code, r.err);
        assertTrue(r.err.contains("5 tokens") || r.err.contains("stop: eos"), r.err);
        Run sampled = run("generate", "--model", model.toString(), "--text", "Hello", "--max-new-tokens", "5",
                "--temperature", "0.8", "--top-p", "0.9", "--seed", "3");
        assertEquals(0, sampled.code, sampled.err);
    }

    private Path tmpDir(String name) {
        return tmp.resolve(name);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = MoescopeCommand.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.out.println(Arrays.toString(args) + " -> " + err.toString(StandardCharsets.UTF_8).trim());
        }
    }
}
