package dev.moescope.routing.imports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunContent;
import dev.moescope.routing.store.StoredAggregates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperRecorderFolderTest {

    /** A recorder file in the paper's layout: act[layer][expert], gate = act / 4, total per layer. */
    static void write(Path file, long total, long[][] act) throws IOException {
        StringBuilder json = new StringBuilder("{");
        for (int y = 0; y < act.length; y++) {
            json.append(y == 0 ? "" : ",").append("\"").append(y).append("\": {");
            for (int e = 0; e < act[y].length; e++) {
                json.append("\"").append(e).append("\": {\"activation_tokens\": ").append(act[y][e])
                        .append(", \"gate_values_sum\": ").append(act[y][e] / 4.0).append("}, ");
            }
            json.append("\"total_tokens\": ").append(total).append("}");
        }
        Files.writeString(file, json.append("}").toString());
    }

    /** mgsm_de/en/zh.json: 2 layers x 4 experts, top-2, 100 tokens; zh's layer 1 sums to 201 (the bf16 quirk). */
    static Path folder(Path dir) throws IOException {
        write(dir.resolve("mgsm_en.json"), 100, new long[][] {{90, 60, 40, 10}, {100, 50, 30, 20}});
        write(dir.resolve("mgsm_zh.json"), 100, new long[][] {{10, 60, 90, 40}, {20, 31, 50, 100}});
        write(dir.resolve("mgsm_de.json"), 100, new long[][] {{50, 50, 50, 50}, {25, 25, 75, 75}});
        return dir;
    }

    @Test
    void readsTheLayoutInfersTheShapeAndWarnsAboutTheCountQuirk(@TempDir Path dir) throws IOException {
        PaperRecorderFolder.Result r = PaperRecorderFolder.read(folder(dir));
        StoredAggregates a = r.aggregates();
        assertEquals(List.of("de", "en", "zh"), a.languages(), "the shared prefix mgsm_ is cut, files in name order");
        assertEquals(List.of(0, 1), a.moeLayers());
        assertEquals(4, a.numExperts());
        assertEquals(2, a.topK(), "200 activations over 100 tokens");
        assertArrayEquals(new long[] {20, 31, 50, 100}, a.activationTokens()[2][1]);
        assertEquals(75 / 4.0, a.gateValuesSum()[0][1][2], 1e-12); // de, layer 1, expert 2
        assertEquals(100, a.totalTokens()[1][0]);
        assertEquals(1, r.warnings().size(), r.warnings().toString());
        assertTrue(r.warnings().get(0).startsWith("mgsm_zh.json:") && r.warnings().get(0).contains("+1 (layer 1"),
                r.warnings().get(0));
    }

    @Test
    void refusesContradictionsNamingFileLayerAndExpert(@TempDir Path dir) throws IOException {
        folder(dir);
        write(dir.resolve("mgsm_zh.json"), 100, new long[][] {{10, 60, 90, 40}, {20, -1, 50, 100}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PaperRecorderFolder.read(dir));
        assertTrue(e.getMessage().contains("mgsm_zh.json") && e.getMessage().contains("layer 1 expert 1")
                && e.getMessage().contains("negative"), e.getMessage());

        // 2 x 100 x 1.01 = 202 is the most accepted: 203 is a contradiction
        write(dir.resolve("mgsm_zh.json"), 100, new long[][] {{10, 60, 90, 40}, {20, 33, 50, 100}});
        e = assertThrows(IllegalArgumentException.class, () -> PaperRecorderFolder.read(dir));
        assertTrue(e.getMessage().contains("mgsm_zh.json") && e.getMessage().contains("layer 1")
                && e.getMessage().contains("203"), e.getMessage());
        write(dir.resolve("mgsm_zh.json"), 100, new long[][] {{10, 60, 90, 40}, {20, 32, 50, 100}});
        assertEquals(1, PaperRecorderFolder.read(dir).warnings().size(), "202 is within the 1% slack");

        write(dir.resolve("mgsm_zh.json"), 100, new long[][] {{10, 60, 90, 40}, {20, 30, 49, 101}});
        e = assertThrows(IllegalArgumentException.class, () -> PaperRecorderFolder.read(dir));
        assertTrue(e.getMessage().contains("layer 1 expert 3") && e.getMessage().contains("exceeds"), e.getMessage());

        write(dir.resolve("mgsm_zh.json"), 100, new long[][] {{10, 60, 90, 40}});
        e = assertThrows(IllegalArgumentException.class, () -> PaperRecorderFolder.read(dir));
        assertTrue(e.getMessage().contains("mgsm_zh.json") && e.getMessage().contains("1 layers"), e.getMessage());

        Files.writeString(dir.resolve("mgsm_zh.json"), "{\"0\": {\"0\": ");
        e = assertThrows(IllegalArgumentException.class, () -> PaperRecorderFolder.read(dir));
        assertTrue(e.getMessage().contains("mgsm_zh.json") && e.getMessage().contains("JSON"), e.getMessage());
    }

    @Test
    void languageLabelsComeFromTheFileNames() {
        assertEquals(List.of("eng_Latn", "zho_Hans"),
                PaperRecorderFolder.languageLabels(List.of(Path.of("eng_Latn.json"), Path.of("zho_Hans.json"))));
        assertEquals(List.of("en", "pt-BR"),
                PaperRecorderFolder.languageLabels(List.of(Path.of("belebele-en.json"), Path.of("belebele-pt-BR.json"))));
        assertEquals(List.of("mgsm_en"), PaperRecorderFolder.languageLabels(List.of(Path.of("mgsm_en.json"))));
    }

    @Test
    void emptyOrMissingFoldersSayWhatIsExpected(@TempDir Path dir) {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PaperRecorderFolder.read(dir)).getMessage()
                .contains("no .json file"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PaperRecorderFolder.read(dir.resolve("nope")))
                .getMessage().contains("not a folder"));
    }

    @Test
    void importWritesOneCompleteAggregatesRunAndReadsBackTheSameNumbers(@TempDir Path dir) throws IOException {
        Path data = Files.createDirectory(dir.resolve("recorder"));
        folder(data);
        try (RoutingStore store = RoutingStore.open(dir.resolve("m.db"))) {
            StatisticsImport.Outcome o = StatisticsImport.importFolder(store, StatisticsImport.Format.PAPER_RECORDER, data,
                    "Tiny-MoE", null);
            assertEquals(RunContent.AGGREGATES, o.run().content());
            assertTrue(o.run().complete());
            assertEquals(0, o.run().numSamples());
            assertEquals(data.toAbsolutePath().normalize().toString(), o.run().source());
            assertEquals("Tiny-MoE", store.model(o.run().modelId()).path());
            assertEquals(StatisticsImport.IMPORTED_ARCH, store.model(o.run().modelId()).arch());
            StoredAggregates back = store.aggregates(o.run().id());
            assertEquals(List.of("de", "en", "zh"), back.languages());
            for (int l = 0; l < 3; l++) {
                for (int y = 0; y < 2; y++) {
                    assertArrayEquals(o.aggregates().activationTokens()[l][y], back.activationTokens()[l][y]);
                    assertArrayEquals(o.aggregates().gateValuesSum()[l][y], back.gateValuesSum()[l][y], 0);
                }
                assertArrayEquals(o.aggregates().totalTokens()[l], back.totalTokens()[l]);
            }
            // the same data again is the same run
            assertEquals(o.run().id(), StatisticsImport.importFolder(store, StatisticsImport.Format.PAPER_RECORDER, data,
                    "Tiny-MoE", null).run().id());
            assertEquals(1, store.runs().size());
        }
    }
}
