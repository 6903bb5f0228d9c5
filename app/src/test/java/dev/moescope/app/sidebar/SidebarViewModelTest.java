package dev.moescope.app.sidebar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.app.testing.FakeBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SidebarViewModelTest {
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final FakeBackend backend = new FakeBackend();
    private AppPreferences prefs;
    private SidebarViewModel vm;


    @BeforeEach
    void setUp() throws Exception {
        prefs = new AppPreferences(Preferences.userRoot().node("dev/moescope/test-" + UUID.randomUUID()));
        backend.msPerStep = 0; // direct background work: everything has happened when a call returns
        vm = new SidebarViewModel(backend, BackgroundWork.direct(), prefs, errors::add);
    }

    @Test
    void firstStartOpensTheDemoPreselectsLanguagesAndCollectsWithProgress() throws Exception {
        List<Double> progress = new CopyOnWriteArrayList<>();
        vm.progressProperty().addListener((o, a, b) -> progress.add(b.doubleValue()));
        vm.start();
        assertTrue(vm.statsProperty().get() != null, "statistics");
        assertEquals("open demo CPU", backend.calls.get(0));
        assertEquals(List.of("en", "de"), List.copyOf(vm.selectedLanguages()));
        assertTrue(backend.calls.contains("collect [en, de]"), backend.calls.toString());
        assertTrue(progress.contains(0.5), "intermediate progress was shown: " + progress);
        assertEquals("Collected 2 languages · 12 samples, training split · " + tokens() + " tokens", vm.progressTextProperty().get());
        assertTrue(vm.modelSummaryProperty().get().startsWith("Demo model"), vm.modelSummaryProperty().get());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void theCorpusNoteSaysWhatTooFewLanguagesOrNoHeldOutSplitRuleOut() {
        assertEquals("", SidebarViewModel.corpusNote(10, true));
        assertTrue(SidebarViewModel.corpusNote(1, true).startsWith("Only 1 language: exclusive and shared experts"));
        assertTrue(SidebarViewModel.corpusNote(2, true).contains("dendrogram needs 3 or more"));
        String noSplit = SidebarViewModel.corpusNote(3, false);
        assertTrue(noSplit.startsWith("No train/held-out split") && noSplit.contains("masking experiments"), noSplit);
    }

    @Test
    void cachedRunsAppearAtOnceWithoutCollecting() throws Exception {
        backend.cached = true;
        vm.start();
        assertTrue(vm.statsProperty().get() != null, "statistics");
        assertFalse(backend.calls.stream().anyMatch(c -> c.startsWith("collect")), backend.calls.toString());
        assertEquals("Cached routing for 2 languages · 12 samples, training split · " + tokens() + " tokens",
                vm.progressTextProperty().get());
    }

    @Test
    void cancelStopsTheCollection() throws Exception {
        // cancel as the first progress is shown, while the collection runs
        vm.progressProperty().addListener((o, a, p) -> {
            if (p.doubleValue() > 0 && vm.collectingProperty().get()) {
                vm.cancelCollect();
            }
        });
        vm.start();
        assertFalse(vm.collectingProperty().get(), "the collection has stopped");
        assertEquals("Cancelled", vm.progressTextProperty().get());
        assertNull(vm.statsProperty().get());
    }

    @Test
    void rememberedChoicesAreRestoredAndABrokenModelFallsBackToTheDemo() throws Exception {
        prefs.setModelDir("/models/broken");
        prefs.setLanguages(List.of("sw", "en"));
        prefs.setDevice("CPU");
        backend.cached = true;
        vm.start();
        assertTrue(vm.statsProperty().get() != null, "statistics");
        assertEquals(List.of("open broken CPU", "open demo CPU"),
                backend.calls.stream().filter(c -> c.startsWith("open")).toList());
        assertEquals(1, errors.size(), "the failure is reported once");
        assertTrue(errors.get(0).getMessage().contains("config.json"), errors.get(0).getMessage());
        assertEquals(List.of("sw", "en"), List.copyOf(vm.selectedLanguages()));
        assertTrue(prefs.modelDir().isEmpty(), "the broken model is forgotten");
    }

    @Test
    void changingTheSelectionIsRemembered() throws Exception {
        backend.cached = true;
        vm.start();
        assertTrue(vm.statsProperty().get() != null, "statistics");
        vm.setSelectedLanguages(List.of("de", "sw"));
        assertEquals(List.of("de", "sw"), prefs.languages());
        assertTrue(backend.calls.contains("cached [de, sw]"), "cache lookup");
    }

    @Test
    void inspectHandsTheSummaryBack() throws Exception {
        Object[] got = new Object[1];
        vm.inspect(Path.of("/models/qwen"), i -> got[0] = i);
        assertTrue(got[0] != null, "inspection");
        assertNotNull(got[0]);
        assertTrue(backend.calls.contains("inspect qwen"));
    }

    @Test
    void theCorpusLineNamesImportedStatisticsNotTheDemoCorpus() throws Exception {
        backend.cached = true;
        vm.start();
        assertEquals("UDHR (bundled demo corpus)", vm.corpusLabelProperty().get());
        vm.openStatistics(Path.of("/data/qwen3-recorder"), "Qwen3-30B-A3B");
        assertNotNull(vm.importedProperty().get());
        String label = vm.corpusLabelProperty().get();
        assertEquals("Imported statistics of Qwen3-30B-A3B from /data/qwen3-recorder (2 languages; per-language counts, "
                + "no corpus text)", label);
        assertFalse(label.contains("UDHR"), label);
        assertTrue(errors.isEmpty(), errors.toString());
        // an open corpus is named by its file or folder (the full path is the label's tooltip)
        Path folder = java.nio.file.Files.createTempDirectory("moescope-test").resolve("my-corpus");
        java.nio.file.Files.createDirectories(folder);
        assertEquals("my-corpus (folder)", SidebarViewModel.corpusLabel(folder, null));
        assertEquals("tasks.jsonl", SidebarViewModel.corpusLabel(Path.of("/data/tasks.jsonl"), null));
    }

    /** Tokens of the fake statistics: both languages at the first MoE layer. */
    private static String tokens() {
        var s = dev.moescope.app.testing.Stats.twoLanguages();
        long t = s.totalTokens("en", s.moeLayers()[0]) + s.totalTokens("de", s.moeLayers()[0]);
        return String.format(java.util.Locale.ROOT, "%,d", t);
    }
}
