package dev.moescope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.safetensors.SafetensorsWriter;
import dev.moescope.bridge.safetensors.TensorEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** make-random and inspect for the new architectures; their bad input is one error line and exit 1. */
class NewArchitectureCommandsTest {

    @TempDir
    Path dir;

    private static String run(Object command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute(args), "exit code of " + String.join(" ", args) + "; output: " + out);
        return out.toString();
    }

    /** Runs through the real entry point; returns stderr, asserting exit code 1. */
    private static String fails(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, MoescopeCommand.run(args), String.join(" ", args));
        } finally {
            System.setErr(old);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @ValueSource(strings = {"deepseek_v2", "deepseek_v3", "gpt_oss", "phimoe", "glm4_moe", "granitemoe"})
    void makeRandomThenInspect(String arch) {
        Path model = dir.resolve(arch);
        run(new MakeRandomCommand(), "--arch", arch, "--out", model.toString());
        String report = run(new InspectCommand(), "--model", model.toString(), "--context", "128");
        assertTrue(report.contains("architecture: " + arch), report);
        assertFalse(report.contains("differs from the config's count"), report);
        boolean firstDense = arch.startsWith("deepseek") || arch.equals("glm4_moe");
        assertTrue(report.contains(firstDense ? "(MoE: 1-2; dense: 0)" : "dense: none)"), report);
        assertTrue(report.contains("-> fits"), report);
    }

    private Path fixtureCopy(String arch, Consumer<ObjectNode> config) throws Exception {
        Path src = Path.of(getClass().getResource("/fixtures/" + arch + "/model/config.json").toURI()).getParent();
        Path dst = Files.createDirectories(dir.resolve(arch + "-bad"));
        try (var files = Files.list(src)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, dst.resolve(f.getFileName()));
            }
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode cfg = (ObjectNode) json.readTree(dst.resolve("config.json").toFile());
        config.accept(cfg);
        json.writeValue(dst.resolve("config.json").toFile(), cfg);
        return dst;
    }

    @Test
    void yarnWithoutFactorIsOneErrorNamingFileAndField() throws Exception {
        Path model = fixtureCopy("deepseek_v3", c -> ((ObjectNode) c.get("rope_scaling")).remove("factor"));
        String err = fails("inspect", "--model", model.toString());
        assertTrue(err.startsWith("error: ") && err.contains("config.json") && err.contains("rope_scaling.factor"), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void unknownRoutingMethodIsOneErrorNamingFileAndField() throws Exception {
        Path model = fixtureCopy("deepseek_v2", c -> c.put("topk_method", "sinkhorn"));
        String err = fails("trace", "--model", model.toString(), "--ids", "1,2");
        assertTrue(err.contains("config.json") && err.contains("topk_method") && err.contains("sinkhorn"), err);
    }

    @Test
    void inconsistentMxfp4BlocksAreOneErrorNamingFileAndTensor() throws Exception {
        Path model = fixtureCopy("gpt_oss", c -> { });
        String bad = "model.layers.0.mlp.experts.gate_up_proj_blocks";
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(model)) {
            for (String name : ckpt.names()) {
                TensorEntry e = ckpt.entry(name);
                if (e.dtype() == SafetensorsDType.U8) {
                    long[] shape = e.shape().clone();
                    if (name.equals(bad)) {
                        shape[3] = 8;                  // half a block: 16 codes instead of 32 per scale
                    }
                    long n = 1;
                    for (long d : shape) {
                        n *= d;
                    }
                    tensors.add(SafetensorsWriter.Tensor.of(name, SafetensorsDType.U8, shape, new float[(int) n]));
                } else {
                    tensors.add(SafetensorsWriter.Tensor.of(name, e.dtype(), e.shape(), ckpt.readF32(name)));
                }
            }
        }
        try (var files = Files.list(model)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().startsWith("model")) {
                    Files.delete(f);
                }
            }
        }
        SafetensorsWriter.write(model.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        String err = fails("trace", "--model", model.toString(), "--ids", "1,2");
        assertTrue(err.contains("model.safetensors") && err.contains(bad) && err.contains("MXFP4"), err);
    }

    /**
     * collect, classify and steer-plan on every new architecture's fixture. Their configs declare contexts of 128k
     * tokens and more: the memory check must size the longest pass the corpus makes, not max_position_embeddings.
     */
    @ParameterizedTest
    @ValueSource(strings = {"deepseek_v2", "deepseek_v3", "gpt_oss", "phimoe", "glm4_moe", "granitemoe"})
    void collectAndAnalyseOnEveryNewArchitecture(String arch) throws Exception {
        Path model = Path.of(getClass().getResource("/fixtures/" + arch + "/model/config.json").toURI()).getParent();
        Path corpus = dir.resolve("c.jsonl");
        Files.writeString(corpus, String.join("\n",
                "{\"lang\": \"eng_Latn\", \"text\": \"All human beings are born free.\"}",
                "{\"lang\": \"zho_Hans\", \"text\": \"人人生而自由。\"}",
                "{\"lang\": \"deu_Latn\", \"text\": \"Alle Menschen sind frei.\"}") + "\n");
        String db = dir.resolve("r.db").toString();
        String collected = run(new MoescopeCommand(), "collect", "--model", model.toString(), "--corpus", corpus.toString(),
                "--db", db);
        assertTrue(collected.contains("3/3 samples") && collected.contains("complete"), collected);
        List<Integer> moeLayers = new ArrayList<>();
        new ObjectMapper().readTree(run(new MoescopeCommand(), "classify", "--db", db, "--k", "2", "--thr", "0.5"))
                .fieldNames().forEachRemaining(l -> moeLayers.add(Integer.parseInt(l)));
        boolean firstDense = List.of("deepseek_v2", "deepseek_v3", "glm4_moe").contains(arch);
        assertEquals(firstDense ? List.of(1, 2) : List.of(0, 1, 2), moeLayers, "dense layers are not MoE layers");
        String plan = run(new MoescopeCommand(), "steer-plan", "--db", db, "--target", "eng_Latn,zho_Hans", "--k", "2",
                "--thr", "0.9", "--out", dir.resolve("s.json").toString());
        assertTrue(plan.contains("rule paper"), plan);
    }

    @Test
    void longestForwardPassIsBoundedByTheSamplesAndTheContext() {
        List<dev.moescope.routing.store.SampleText> samples = List.of(
                new dev.moescope.routing.store.SampleText("en", "1", null, "all", "abc"),
                new dev.moescope.routing.store.SampleText("zh", "2", null, "all", "人人"));
        assertEquals(7, CollectCommand.longestForwardPass(samples, 163840), "6 UTF-8 bytes + BOS");
        assertEquals(4, CollectCommand.longestForwardPass(samples, 4));
    }
}
