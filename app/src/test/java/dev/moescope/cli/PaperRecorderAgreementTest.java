package dev.moescope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.LayerRouting;
import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.LogitsMode;
import dev.moescope.bridge.MoeModel;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A FLORES-labelled user corpus without splits: {@code collect} takes every sample, and {@code stats} equals what the
 * paper's recorder (conctsai/Multilingualism-in-Mixture-of-Experts-LLMs, modeling_qwen3_moe.py, MoERecoder.update)
 * counts on the same texts: per language, MoE layer and expert, the tokens routed to the expert (one per top-k
 * slot, over every prompt token, no padding), and per layer the total tokens. The reference here is an independent
 * re-implementation over the fixture model's own forward pass, one prompt at a time (nothing to pad).
 */
class PaperRecorderAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RES = "/dev/moescope/cli/routing/";
    private static final List<String> LANGS = List.of("eng_Latn", "zho_Hans", "deu_1996", "pt_BR");

    @TempDir
    static Path dir;
    static Path model;
    static Path chatModel;
    static Path corpus;
    static Map<String, List<String>> texts = new LinkedHashMap<>();

    @BeforeAll
    static void setUp() throws Exception {
        model = copyFixture("qwen3_moe");
        chatModel = copyFixture("qwen3_moe_chat");
        try (InputStream in = PaperRecorderAgreementTest.class.getResourceAsStream("/dev/moescope/cli/prompt/qwen3-tokenizer_config.json")) {
            Files.copy(in, chatModel.resolve("tokenizer_config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        texts.put("eng_Latn", List.of("All human beings are born free.", "Everyone has the right to life.",
                "No one shall be held in slavery.", "Everyone has the right to education."));
        texts.put("zho_Hans", List.of("人人生而自由。", "人人有权享有生命。", "任何人不得使为奴隶。"));
        texts.put("deu_1996", List.of("Alle Menschen sind frei geboren.", "Jeder hat das Recht auf Leben."));
        texts.put("pt_BR", List.of("Todos nascem livres.", "Todo ser humano tem direito à vida.", "Ninguém será escravo."));
        StringBuilder jsonl = new StringBuilder();
        int id = 0;
        for (var e : texts.entrySet()) {
            for (String t : e.getValue()) {
                jsonl.append(JSON.createObjectNode().put("lang", e.getKey()).put("id", ++id).put("text", t)).append('\n');
            }
        }
        corpus = dir.resolve("flores-style.jsonl");
        Files.writeString(corpus, jsonl, StandardCharsets.UTF_8);
    }

    private static Path copyFixture(String name) throws Exception {
        Path to = Files.createDirectories(dir.resolve(name));
        for (String f : List.of("config.json", "generation_config.json", "model.safetensors", "special_tokens_map.json",
                "tokenizer.json", "tokenizer_config.json")) {
            try (InputStream in = PaperRecorderAgreementTest.class.getResourceAsStream(RES + "qwen3_moe/" + f)) {
                Files.copy(in, to.resolve(f));
            }
        }
        return to;
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

    /** The paper's recorder: activation_tokens [layer][expert] and total_tokens [layer] of one language. */
    record Recorder(long[][] activationTokens, long[] totalTokens) {
        static Recorder of(int layers, int experts) {
            return new Recorder(new long[layers][experts], new long[layers]);
        }

        /** MoERecoder.update with an all-ones attention mask: every top-k slot of every token counts once. */
        void update(int layer, int[][] selectedExperts) { // [T, k]
            for (int[] token : selectedExperts) {
                for (int expert : token) {
                    activationTokens[layer][expert]++;
                }
            }
            totalTokens[layer] += selectedExperts.length;
        }
    }

    private static Map<String, Recorder> recorder(Path modelDir, UnaryOperator<String> prompt) {
        Map<String, Recorder> out = new LinkedHashMap<>();
        try (MoeModel m = MoeModel.load(modelDir, LoadOptions.cpu())) {
            int layers = m.config().moeLayers().size();
            for (var e : texts.entrySet()) {
                Recorder r = Recorder.of(layers, m.config().numExperts());
                for (String text : e.getValue()) {
                    int[] ids = m.tokenizer().encode(prompt.apply(text)); // no BOS, as the paper's Qwen tokenizer adds none
                    List<LayerRouting> routing = m.forward(ids, new ForwardOptions(true, LogitsMode.NONE)).trace().layers();
                    for (int y = 0; y < routing.size(); y++) {
                        r.update(y, routing.get(y).topkIds());
                    }
                }
                out.put(e.getKey(), r);
            }
        }
        return out;
    }

    private static int runId(String collectOutput) {
        Matcher m = Pattern.compile("run (\\d+):").matcher(collectOutput);
        assertTrue(m.find(), collectOutput);
        return Integer.parseInt(m.group(1));
    }

    private static void assertStatsEqualRecorder(JsonNode stats, Map<String, Recorder> expected) {
        assertEquals(LANGS, iterate(stats.get("languages").fieldNames()), "labels shown as given, in corpus order");
        for (var e : expected.entrySet()) {
            JsonNode lang = stats.get("languages").get(e.getKey());
            Recorder r = e.getValue();
            for (int y = 0; y < r.totalTokens().length; y++) {
                assertEquals(r.totalTokens()[y], lang.get("total_tokens").asLong(), e.getKey() + " total tokens");
                long[] counts = new long[r.activationTokens()[y].length];
                for (int x = 0; x < counts.length; x++) {
                    counts[x] = lang.get("activation_tokens").get(y).get(x).asLong();
                }
                assertArrayEquals(r.activationTokens()[y], counts, e.getKey() + " layer " + y);
            }
        }
    }

    private static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void collectTakesEverySampleAndStatsEqualThePapersRecorder() throws Exception {
        Path db = dir.resolve("raw.db");
        String out = run("collect", "--db", db.toString(), "--model", model.toString(), "--corpus", corpus.toString(),
                "--batch", "5");
        assertTrue(out.contains("12/12 samples"), "every sample, no split applied: " + out);
        assertTrue(out.contains("split all (the corpus defines no splits)"), out);
        JsonNode stats = JSON.readTree(run("stats", "--db", db.toString(), "--run", Integer.toString(runId(out)), "--format", "json"));
        assertStatsEqualRecorder(stats, recorder(model, t -> t));
        long total = 0;
        for (String l : LANGS) {
            total += stats.get("languages").get(l).get("total_tokens").asLong();
        }
        long bytes = texts.values().stream().flatMap(List::stream).mapToLong(t -> t.getBytes(StandardCharsets.UTF_8).length).sum();
        assertEquals(bytes, total, "byte-level fixture: one token per UTF-8 byte of every sample");
        assertTrue(out.contains(total + " tokens"), out);
    }

    @Test
    void withTheChatTemplateStatsEqualTheRecorderOnTheTemplatedPromptsAndTheRunIsDistinct() throws Exception {
        Path db = dir.resolve("chat.db");
        String raw = run("collect", "--db", db.toString(), "--model", chatModel.toString(), "--corpus", corpus.toString());
        String chat = run("collect", "--db", db.toString(), "--model", chatModel.toString(), "--corpus", corpus.toString(),
                "--chat-template", "--var", "enable_thinking=false");
        assertNotEquals(runId(raw), runId(chat), "a prompt format is part of the run key");
        assertTrue(chat.contains("chat template"), chat);
        JsonNode stats = JSON.readTree(run("stats", "--db", db.toString(), "--run", Integer.toString(runId(chat)), "--format", "json"));
        // Qwen3's template for one user turn, add_generation_prompt=True, enable_thinking=False, written out by hand
        assertStatsEqualRecorder(stats, recorder(chatModel,
                t -> "<|im_start|>user\n" + t + "<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n"));
        String again = run("collect", "--db", db.toString(), "--model", chatModel.toString(), "--corpus", corpus.toString(),
                "--chat-template", "--var", "enable_thinking=false");
        assertEquals(runId(chat), runId(again));
        assertTrue(again.contains("cached"), again);
    }

    @Test
    void onlySamplesLongerThanMaxPositionEmbeddingsAreWindowedAndTheRunSaysHowMany() throws Exception {
        Path shortContext = copyFixture("qwen3_moe_short_context");
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(shortContext.resolve("config.json").toFile());
        config.put("max_position_embeddings", 24);
        Files.writeString(shortContext.resolve("config.json"), config.toString());
        String out = run("collect", "--db", dir.resolve("short.db").toString(), "--model", shortContext.toString(),
                "--corpus", corpus.toString());
        long longer = texts.values().stream().flatMap(List::stream).filter(t -> t.getBytes(StandardCharsets.UTF_8).length > 24).count();
        assertTrue(longer > 0 && longer < 12, "the corpus has samples on both sides of 24 tokens");
        assertTrue(out.contains(", " + longer + " samples longer than max_position_embeddings (24) routed in windows"), out);
        String whole = run("collect", "--db", dir.resolve("whole.db").toString(), "--model", model.toString(),
                "--corpus", corpus.toString());
        assertTrue(!whole.contains("windows"), "4096 positions: every sample routed whole: " + whole);
    }

    @Test
    void renderPromptPrintsTheTemplatedPromptAndItsIds() throws Exception {
        String record = "{\"flores_passage\": \"Die Katze.\", \"question\": \"Wo?\", \"mc_answer1\": \"hier\", \"dialect\": \"deu_Latn\"}";
        JsonNode n = JSON.readTree(run("render-prompt", "--tokenizer", chatModel.toString(), "--record", record,
                "--prompt-template", "{flores_passage}\\n{question}\\nA. {mc_answer1}", "--chat-template",
                "--var", "enable_thinking=false", "--format", "json"));
        String expected = "<|im_start|>user\nDie Katze.\nWo?\nA. hier<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n";
        assertEquals(expected, n.get("text").asText());
        try (var tok = dev.moescope.bridge.TextTokenizer.load(chatModel, null, java.util.Set.of())) {
            int[] ids = new int[n.get("ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = n.get("ids").get(i).asInt();
            }
            assertArrayEquals(tok.encode(expected), ids);
            assertEquals(expected.getBytes(StandardCharsets.UTF_8).length, ids.length, "one id per byte");
        }
        String text = run("render-prompt", "--tokenizer", model.toString(), "--text", "Hallo");
        assertTrue(text.startsWith("Hallo\n-- 5 tokens: ["), text);
    }
}
