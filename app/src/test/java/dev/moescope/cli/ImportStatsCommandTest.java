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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * import-stats on a small folder in the paper's recorder layout (3 languages, 4 layers x 8 experts, top-2; zh's layer 2
 * counts one activation too many, as the paper's bf16 recorder does), then every aggregate analysis on the run.
 */
class ImportStatsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static Path db;
    static String importErr;
    static String importOut;

    @BeforeAll
    static void importOnce() throws Exception {
        Path data = Files.createDirectories(dir.resolve("tiny-recorder"));
        for (String lang : List.of("de", "en", "zh")) {
            try (InputStream in = ImportStatsCommandTest.class.getResourceAsStream("/dev/moescope/cli/paper-recorder/handmade_" + lang + ".json")) {
                Files.copy(in, data.resolve("mgsm_" + lang + ".json"));
            }
        }
        db = dir.resolve("imported.db");
        String[] outErr = run("import-stats", data.toString(), "--db", db.toString(), "--model-name", "Tiny-MoE");
        importOut = outErr[0];
        importErr = outErr[1];
    }

    private static String[] run(String... args) {
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
        return new String[] {out.toString(), err.toString()};
    }

    private static JsonNode json(String... args) throws Exception {
        return JSON.readTree(run(args)[0]);
    }

    @Test
    void importReportsShapeAndWarnsAboutTheCountQuirk() {
        assertTrue(importOut.contains("imported run 1 (aggregates only") && importOut.contains("Tiny-MoE")
                && importOut.contains("4 layers x 8 experts, top-2") && importOut.contains("languages de,en,zh"), importOut);
        assertTrue(importErr.contains("warning: mgsm_zh.json") && importErr.contains("+1 (layer 2"), importErr);
    }

    @Test
    void statsAndProfileLeaveTheMissingRouterEntropyEmpty() throws Exception {
        JsonNode stats = json("stats", "--db", db.toString());
        assertEquals("aggregates", stats.get("content").asText());
        assertEquals(200, stats.get("languages").get("en").get("total_tokens").asInt());
        assertTrue(stats.get("languages").get("en").get("softmax_entropy_sum").isNull());
        JsonNode profile = json("profile", "--db", db.toString(), "--k", "3");
        assertEquals(4, profile.get("layers").size());
        JsonNode layer = profile.get("layers").get(0);
        assertTrue(layer.get("mean_router_entropy").isNull());
        assertEquals(0.0, layer.get("jsd_to_reference").get(1).asDouble(), 1e-12, "en to itself");
        assertTrue(layer.get("jsd_to_reference").get(0).asDouble() > 0, "de differs from en");
    }

    @Test
    void classificationSimilarityAndContrastRead() throws Exception {
        JsonNode c = json("classify", "--db", db.toString(), "--k", "4", "--thr", "0.7");
        assertEquals(4, c.size());
        // en and de prefer e0, e1; zh e2, e3 (shared with en), e6, e7: zh owns e6 and e7 alone
        JsonNode l0 = c.get("0");
        assertTrue(l0.get("exclusive").get("zh").toString().contains("6"), l0.toString());
        JsonNode sim = json("similarity", "--db", db.toString());
        assertEquals(3, sim.get("distances").size());
        assertTrue(sim.get("newick").asText().endsWith(";"));
        String contrast = run("contrast", "--db", db.toString(), "--a", "en", "--b", "zh", "--top", "3", "--format", "csv")[0];
        assertEquals(4, contrast.strip().split("\n").length);
    }

    @Test
    void steerPlanUsesThePapersRuleAndBandByDefault() throws Exception {
        Path out = dir.resolve("plan.json");
        String said = run("steer-plan", "--db", db.toString(), "--target", "en,zh", "--out", out.toString())[0];
        assertTrue(said.contains("rule paper") && said.contains("lambda 0.022"), said);
        assertTrue(said.contains("(1-2)"), "layers 10-39 of 48 scaled to 4 layers: 1-2; " + said);
        JsonNode experts = JSON.readTree(out.toFile()).get("scaled").get("experts");
        List<String> layers = new ArrayList<>();
        experts.fieldNames().forEachRemaining(layers::add);
        assertTrue(List.of("1", "2").containsAll(layers) && !layers.isEmpty(), layers.toString());
        // every coefficient is en's share among {en, zh} of an expert both use: strictly between 0 and thr 0.7
        experts.forEach(layer -> layer.forEach(s -> assertTrue(s.asDouble() > 0 && s.asDouble() < 0.7, layer.toString())));
        String single = run("steer-plan", "--db", db.toString(), "--target", "en", "--out", dir.resolve("one.json").toString())[1];
        assertTrue(single.contains("with one target the paper's rule keeps nothing"), single);
    }

    @Test
    void experimentsOnImportedStatisticsAskForAModel() {
        assertEquals(1, MoescopeCommand.run("intervene", "--db", db.toString(), "--bands", "paper", "--mask", "en,zh"));
    }
}
