package dev.moescope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** eval end to end on the tiny byte-level test model and the mini corpus, compared with itself. */
class EvalCommandTest {

    @Test
    void tablesAndJsonOfAModelComparedWithItself(@TempDir Path tmp) throws Exception {
        Path model = Path.of(getClass().getResource("/dev/moescope/app/tiny-model/config.json").toURI()).getParent();
        Path corpus = Path.of(getClass().getResource("mini-corpus.jsonl").toURI());
        Path json = tmp.resolve("eval.json");
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new EvalCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        int code = cli.execute("--model", model.toString(), "--compare", model.toString(), "--corpus", corpus.toString(),
                "--context", "64", "--json", json.toString());
        assertEquals(0, code, out.toString());
        String report = out.toString();
        assertTrue(report.contains("tokenizer: bytes; context 64"), report);
        assertTrue(report.contains("texts longer than the context (chunked): 4 of 4 (in 66 chunks) held-out"), report);
        assertTrue(report.contains("Layerwise profile, k = 1, thr = 0.40"), "k 15 of 128 scaled to 8 experts: " + report);
        assertFalse(report.contains("Layerwise profile, k = 15"), "k 15 is not below 8 experts: every expert is shared; " + report);

        JsonNode root = new ObjectMapper().readTree(json.toFile());
        JsonNode means = root.get("mean_bits_per_byte");
        assertEquals(means.get("model, held-out").get("all").asDouble(), means.get("compare, held-out").get("all").asDouble());
        assertTrue(means.get("model, held-out").get("all").asDouble() > 1, "an untrained-size model is far from 0 bits");
        assertEquals(List.of("routing", "random_routing", "byte_histogram"),
                List.copyOf(iterable(root.get("routing_controls").fieldNames())), "no token histogram for bytes");
        assertEquals(3, root.get("layer_profiles").get(0).get("layers").size());
        assertFalse(root.get("languages").get("hi").get("bits_per_byte").get("model, training split").isNull());
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
