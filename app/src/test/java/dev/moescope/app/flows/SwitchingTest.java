package dev.moescope.app.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.AppContext;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.steering.SteeringViewModel;
import dev.moescope.app.testing.FakeBackend;
import dev.moescope.app.testing.FxToolkit;
import dev.moescope.routing.analysis.RoutingStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every tab after switching model (demo -> a 2-layer, 4-expert "olmoe" -> demo) and corpus (the demo corpus ->
 * a 3-language corpus without English): what is shown belongs to the current model and corpus, stale results are
 * gone at once, and a failed load changes nothing.
 */
class SwitchingTest {
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final FakeBackend backend = new FakeBackend();
    private AppContext ctx;
    @TempDir
    Path dir;

    @BeforeAll
    static void fx() throws Exception {
        FxToolkit.start();
    }

    @BeforeEach
    void setUp() throws Exception {
        backend.shaped = true;
        backend.msPerStep = 1;
        AppPreferences prefs = new AppPreferences(Preferences.userRoot().node("dev/moescope/test-" + UUID.randomUUID()));
        ctx = FxToolkit.fx(() -> new AppContext(backend, prefs));
        FxToolkit.run(() -> {
            ctx.errorsProperty().set(errors::add);
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> errors.add(e)); // a listener that throws
            ctx.start();
        });
        awaitStats(List.of(1, 2, 3, 4), List.of("en", "de"));
    }

    @AfterEach
    void tearDown() throws Exception {
        FxToolkit.run(() -> ctx.close());
    }

    private RoutingStats awaitStats(List<Integer> layers, List<String> languages) throws Exception {
        FxToolkit.await("statistics of " + layers + " " + languages, 10_000, () -> {
            RoutingStats s = ctx.sidebar().statsProperty().get();
            return s != null && java.util.Arrays.equals(s.moeLayers(), layers.stream().mapToInt(Integer::intValue).toArray())
                    && s.languages().equals(languages);
        });
        return ctx.sidebar().statsProperty().get();
    }

    private void openOlmoe() throws Exception {
        Path olmoe = Files.createDirectories(dir.resolve("olmoe-tiny"));
        FxToolkit.run(() -> ctx.sidebar().loadModel(olmoe, false));
    }

    @Test
    void heatmapAndExpertCardFollowTheModel() throws Exception {
        FxToolkit.await("grid", 5000, () -> ctx.heatmap().valuesProperty().get() != null);
        FxToolkit.run(() -> ctx.heatmap().select(0, 7));
        assertNotNull(FxToolkit.fx(() -> ctx.heatmap().cardProperty().get()));
        openOlmoe();
        FxToolkit.await("the demo's statistics cleared", 5000, () -> ctx.sidebar().sessionProperty().get().info().name().equals("olmoe"));
        assertNull(FxToolkit.fx(() -> ctx.heatmap().cardProperty().get()), "expert 7 of the demo's card is gone");
        RoutingStats olmoe = awaitStats(List.of(0, 1), List.of("en", "de"));
        FxToolkit.await("olmoe's grid", 5000, () -> ctx.heatmap().valuesProperty().get() != null
                && ctx.heatmap().valuesProperty().get().layers() == 2 && ctx.heatmap().valuesProperty().get().experts() == 4);
        assertSame(olmoe, ctx.heatmap().stats());
        FxToolkit.run(() -> ctx.heatmap().select(1, 7));
        assertNull(FxToolkit.fx(() -> ctx.heatmap().cardProperty().get()), "olmoe has no expert 7");
        FxToolkit.run(() -> ctx.sidebar().loadModel(null, false));
        awaitStats(List.of(1, 2, 3, 4), List.of("en", "de"));
        FxToolkit.await("the demo's grid", 5000, () -> ctx.heatmap().valuesProperty().get() != null
                && ctx.heatmap().valuesProperty().get().layers() == 4 && ctx.heatmap().valuesProperty().get().experts() == 8);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void expertCardFollowsK() throws Exception {
        FxToolkit.run(() -> {
            ctx.heatmap().kProperty().set(1);
            ctx.heatmap().thresholdProperty().set(0.7);
            ctx.heatmap().select(0, 1);
        });
        var atK1 = FxToolkit.fx(() -> ctx.heatmap().cardProperty().get());
        FxToolkit.run(() -> ctx.heatmap().kProperty().set(2));
        var atK2 = FxToolkit.fx(() -> ctx.heatmap().cardProperty().get());
        assertNotNull(atK2);
        assertEquals(atK1.expert(), atK2.expert());
        // en routes 60/40 to experts 0 and 1, de to 1 and 2: at k=1 expert 1 is de's alone; at k=2 it is in both
        // top-2 sets with shares 0.4 / 0.6 (both under thr 0.7): shared
        assertEquals(List.of("de"), atK1.exclusiveTo());
        assertEquals(List.of(), atK2.exclusiveTo());
        assertTrue(atK2.shared(), "the open card was reclassified for k=2");
    }

    @Test
    void layersAndLanguagesFollowTheCorpusWithoutTheReference() throws Exception {
        FxToolkit.await("profile", 5000, () -> ctx.layers().profileProperty().get() != null);
        FxToolkit.run(() -> ctx.layers().referenceProperty().set("de"));
        FxToolkit.run(() -> ctx.sidebar().setCorpus(dir.resolve("tri-corpus")));
        awaitStats(List.of(1, 2, 3, 4), List.of("es", "fr", "it"));
        FxToolkit.await("profile of the 3-language corpus", 5000, () -> ctx.layers().profileProperty().get() != null
                && ctx.layers().profileProperty().get().languages().equals(List.of("es", "fr", "it")));
        assertTrue(List.of("es", "fr", "it").contains(ctx.layers().profileProperty().get().referenceLanguage()));
        FxToolkit.await("dendrogram of es, fr, it", 5000, () -> ctx.languages().resultProperty().get() != null
                && ctx.languages().resultProperty().get().distances().labels().equals(List.of("es", "fr", "it")));
        FxToolkit.run(() -> ctx.layers().referenceProperty().set(null)); // the combo box cleared: no NullPointerException
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void interventionResultsAreDroppedWhenTheCorpusChanges() throws Exception {
        FxToolkit.run(() -> ctx.interventions().run());
        FxToolkit.await("matrix", 10_000, () -> ctx.interventions().resultProperty().get() != null);
        FxToolkit.run(() -> ctx.sidebar().setCorpus(dir.resolve("tri-corpus")));
        FxToolkit.await("the 3-language statistics", 5000, () -> ctx.interventions().stats() != null
                && ctx.interventions().stats().languages().equals(List.of("es", "fr", "it")));
        assertNull(FxToolkit.fx(() -> ctx.interventions().resultProperty().get()), "the 2-language matrix is gone");
        assertTrue(FxToolkit.fx(() -> ctx.interventions().statusProperty().get()).contains("press Run"));
        assertTrue(FxToolkit.fx(() -> ctx.interventions().availableTargets()).containsAll(List.of("es", "fr", "it")));
        assertTrue(FxToolkit.fx(() -> ctx.interventions().availableTargets()).stream().noneMatch(t -> t.equals("en") || t.equals("de")));
        assertTrue(FxToolkit.fx(() -> ctx.tokens().languages()).equals(List.of("es", "fr", "it")));
        assertTrue(List.of("es", "fr", "it").contains(FxToolkit.fx(() -> ctx.tokens().leftLanguageProperty().get())));
    }

    @Test
    void aSteeringFileThatDoesNotFitTheNewModelIsClearedWithANotice() throws Exception {
        Path file = dir.resolve("steer-expert6.json");
        Files.writeString(file, "{\"scaled\": {\"lambda\": 0.5, \"experts\": {\"1\": {\"6\": 0.9}}}}");
        FxToolkit.run(() -> {
            try {
                ctx.steering().load(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(SteeringViewModel.Mode.FILE, FxToolkit.fx(() -> ctx.steering().modeProperty().get()));
        assertEquals("steer-expert6.json", FxToolkit.fx(() -> ctx.steering().loadedFileProperty().get()));
        openOlmoe();
        FxToolkit.await("olmoe", 5000, () -> ctx.sidebar().sessionProperty().get().info().name().equals("olmoe"));
        assertEquals(SteeringViewModel.Mode.TOWARD_LANGUAGE, FxToolkit.fx(() -> ctx.steering().modeProperty().get()));
        assertEquals("", FxToolkit.fx(() -> ctx.steering().loadedFileProperty().get()));
        FxToolkit.await("the notice", 5000, () -> ctx.steering().statusProperty().get().contains("steer-expert6.json cleared"));
        awaitStats(List.of(0, 1), List.of("en", "de"));
        FxToolkit.run(() -> ctx.steering().promptProperty().set("Another prompt"));
        Thread.sleep(400); // the debounced regeneration with the new model
        assertTrue(errors.isEmpty(), "no 'steering names expert 6' dialogs: " + errors);
    }

    @Test
    void aCorpusThatFailsToLoadChangesNothing() throws Exception {
        RoutingStats before = ctx.sidebar().statsProperty().get();
        Path corpusBefore = ctx.sidebar().corpusProperty().get();
        FxToolkit.run(() -> ctx.sidebar().setCorpus(dir.resolve("broken-corpus")));
        FxToolkit.await("the error", 5000, () -> !errors.isEmpty());
        assertTrue(errors.get(0).getMessage().contains("broken-corpus"), errors.get(0).getMessage());
        assertEquals(corpusBefore, FxToolkit.fx(() -> ctx.sidebar().corpusProperty().get()));
        assertSame(before, FxToolkit.fx(() -> ctx.sidebar().statsProperty().get()));
        assertSame(before, FxToolkit.fx(() -> ctx.heatmap().stats()));
    }

    @Test
    void aModelThatFailsToLoadChangesNothing() throws Exception {
        RoutingStats before = ctx.sidebar().statsProperty().get();
        var session = ctx.sidebar().sessionProperty().get();
        String summary = FxToolkit.fx(() -> ctx.sidebar().modelSummaryProperty().get());
        FxToolkit.run(() -> ctx.sidebar().loadModel(dir.resolve("broken-model"), false));
        FxToolkit.await("the error", 5000, () -> !errors.isEmpty());
        assertTrue(errors.get(0).getMessage().contains("broken-model"), errors.get(0).getMessage());
        assertSame(session, FxToolkit.fx(() -> ctx.sidebar().sessionProperty().get()));
        assertSame(before, FxToolkit.fx(() -> ctx.heatmap().stats()));
        assertEquals(summary, FxToolkit.fx(() -> ctx.sidebar().modelSummaryProperty().get()));
    }

    @Test
    void noViewModelThrowsOnAClearedSelection() throws Exception {
        FxToolkit.run(() -> ctx.heatmap().select(0, 0));
        FxToolkit.run(() -> ctx.sidebar().setSelectedLanguages(List.of()));
        assertNull(FxToolkit.fx(() -> ctx.sidebar().statsProperty().get()));
        assertNull(FxToolkit.fx(() -> ctx.heatmap().stats()));
        assertNull(FxToolkit.fx(() -> ctx.heatmap().cardProperty().get()));
        assertNull(FxToolkit.fx(() -> ctx.layers().profileProperty().get()));
        assertNull(FxToolkit.fx(() -> ctx.languages().resultProperty().get()));
        assertNull(FxToolkit.fx(() -> ctx.interventions().resultProperty().get()));
        assertNull(FxToolkit.fx(() -> ctx.steering().ruleProperty().get()));
        assertTrue(FxToolkit.fx(() -> ctx.heatmap().summaryProperty().get()).contains("collect them"));
        assertTrue(FxToolkit.fx(() -> ctx.interventions().statusProperty().get()).contains("collect them"));
        FxToolkit.run(() -> {
            ctx.heatmap().recompute();
            ctx.layers().recompute();
            ctx.languages().recompute();
            ctx.interventions().run();
            ctx.tokens().analyze();
            ctx.heatmap().kProperty().set(3);
        });
        Thread.sleep(200);
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
