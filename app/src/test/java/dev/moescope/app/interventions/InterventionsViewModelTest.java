package dev.moescope.app.interventions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.common.BackgroundWork;
import dev.moescope.app.testing.FakeBackend;
import dev.moescope.app.testing.FakeScorer;
import dev.moescope.app.testing.FakeSession;
import dev.moescope.app.testing.Stats;
import dev.moescope.routing.analysis.LabeledMatrix;
import dev.moescope.routing.experiment.HeldoutEvaluator;
import dev.moescope.routing.experiment.MaskingExperiment;
import dev.moescope.routing.store.RoutingStore;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterventionsViewModelTest {
    @TempDir
    Path tmp;


    private static InterventionsViewModel loaded(FakeBackend backend) throws Exception {
        InterventionsViewModel vm = new InterventionsViewModel(backend, BackgroundWork.direct(),
                t -> { throw new AssertionError(t); });
        vm.sessionProperty().set(new FakeSession(1));
        vm.setStats(Stats.twoLanguages(), null);
        return vm;
    }

    /** Runs; with direct background work the run has finished (result or not) when run() returns. */
    private static void runAndWait(InterventionsViewModel vm) throws Exception {
        vm.run();
        assertFalse(vm.runningProperty().get(), "the run has finished");
    }

    @Test
    void bandsFollowTheQuarterRule() throws Exception {
        InterventionsViewModel vm = new InterventionsViewModel(new FakeBackend(), BackgroundWork.direct(), t -> { });
        // the default is the paper's middle range, 22-26 of 48, as `moescope intervene --bands paper`
        assertArrayEquals(new int[] {22, 26}, vm.bandIndices(48));
        assertArrayEquals(new int[] {11, 13}, vm.bandIndices(24), "22-26 of 48 scaled: round(11)..round(13.5)-1");
        vm.bandProperty().set(InterventionsViewModel.Band.PAPER_LATE);
        assertArrayEquals(new int[] {43, 47}, vm.bandIndices(48));
        vm.bandProperty().set(InterventionsViewModel.Band.MIDDLE);
        assertArrayEquals(new int[] {18, 29}, vm.bandIndices(48));
        vm.bandProperty().set(InterventionsViewModel.Band.LATE);
        assertArrayEquals(new int[] {36, 47}, vm.bandIndices(48));
        vm.bandProperty().set(InterventionsViewModel.Band.CUSTOM);
        vm.customLowProperty().set(5);
        vm.customHighProperty().set(60);
        assertArrayEquals(new int[] {5, 47}, vm.bandIndices(48));
    }

    @Test
    void runProducesTheMatrixForEveryTargetAndLanguage() throws Exception {
        InterventionsViewModel vm = loaded(new FakeBackend());
        assertEquals(List.of("en", "de"), List.copyOf(vm.targets()), "all languages preselected");
        assertEquals(List.of("en", "de", InterventionsViewModel.SHARED), List.copyOf(vm.availableTargets()));
        vm.targets().add(InterventionsViewModel.SHARED);
        runAndWait(vm);
        assertEquals(List.of("en", "de", "shared"), vm.resultProperty().get().rowLabels());
        assertEquals(List.of("en", "de"), vm.resultProperty().get().columnLabels());
        assertEquals(1.0, vm.progressProperty().get(), 1e-9);
    }

    @Test
    void enAndZhTogetherAreOfferedAsThePapersSummedTarget() throws Exception {
        InterventionsViewModel vm = loaded(new FakeBackend());
        var twoAsEnZh = Stats.twoLanguages();
        var enZh = new dev.moescope.routing.analysis.RoutingStats(List.of("en", "zh"), twoAsEnZh.moeLayers(), 4, 1,
                twoAsEnZh.totalTokens(), twoAsEnZh.activationTokens(), twoAsEnZh.gateValuesSum(), twoAsEnZh.softmaxEntropySum());
        vm.setStats(enZh, null);
        assertEquals(List.of("en", "zh", "en+zh", InterventionsViewModel.SHARED), List.copyOf(vm.availableTargets()));
        assertEquals(List.of("en"), List.copyOf(vm.targets()), "the chosen rows that still exist are kept; the sum is offered, not chosen");
    }

    @Test
    void aRowWithNothingToMaskIsEmptyNotZero() throws Exception {
        InterventionsViewModel vm = loaded(new FakeBackend());
        // decoder layer 3 only: en alone uses experts 0 and 1, de alone expert 3, so no expert is shared
        vm.targets().setAll("en", InterventionsViewModel.SHARED);
        vm.bandProperty().set(InterventionsViewModel.Band.CUSTOM);
        vm.customLowProperty().set(1);
        vm.customHighProperty().set(1);
        vm.kProperty().set(2);
        vm.thresholdProperty().set(0.4);
        runAndWait(vm);
        LabeledMatrix shown = vm.resultProperty().get();
        assertEquals(List.of("en", "shared"), shown.rowLabels());
        assertTrue(Arrays.stream(shown.values()[0]).noneMatch(Double::isNaN), "en's exclusive experts were masked and scored");
        assertTrue(Arrays.stream(shown.values()[1]).allMatch(Double::isNaN), "no shared expert: " + Arrays.toString(shown.values()[1]));
        assertTrue(vm.statusProperty().get().contains("nothing to mask for shared"), vm.statusProperty().get());
    }

    @Test
    void theMatrixIsRoutingsMaskingExperimentAndARepeatIsServedFromTheCache() throws Exception {
        FakeBackend backend = new FakeBackend();
        InterventionsViewModel vm = loaded(backend);
        vm.targets().setAll("de", InterventionsViewModel.SHARED, "en");
        vm.bandProperty().set(InterventionsViewModel.Band.CUSTOM);
        vm.customLowProperty().set(0);
        vm.customHighProperty().set(1);
        vm.kProperty().set(2);
        vm.thresholdProperty().set(0.4);
        runAndWait(vm);
        LabeledMatrix shown = vm.resultProperty().get();

        // the same experiment straight from the routing module, on its own store and scorer
        LabeledMatrix expected;
        FakeScorer reference = new FakeScorer();
        try (RoutingStore store = RoutingStore.open(tmp.resolve("reference.db"))) {
            HeldoutEvaluator evaluator = new HeldoutEvaluator(store, reference, FakeBackend.heldout(List.of("en", "de")), false, 1);
            MaskingExperiment experiment = new MaskingExperiment(Stats.twoLanguages(), evaluator, 2, 0.4);
            LabeledMatrix measured = experiment.run("custom", new int[] {1, 3}, List.of("en", "de"), true, n -> { }).delta();
            // rows whose mask is empty are shown empty (NaN), not as the unmasked model's zero change
            List<String> emptyMasks = measured.rowLabels().stream()
                    .filter(row -> experiment.maskedExpertCounts().getOrDefault("custom/" + row, 0) == 0).toList();
            expected = MaskingRun.blankRows(measured, emptyMasks);
        }
        assertEquals(expected.rowLabels(), shown.rowLabels());
        assertEquals(expected.columnLabels(), shown.columnLabels());
        for (int r = 0; r < expected.values().length; r++) {
            assertArrayEquals(expected.values()[r], shown.values()[r], 0, "row " + expected.rowLabels().get(r));
        }
        assertTrue(Arrays.stream(shown.values()).flatMapToDouble(Arrays::stream).anyMatch(v -> Math.abs(v) > 1e-4),
                "some mask changes bits per byte: " + Arrays.deepToString(shown.values()));
        int planned = 2 * 2 * (1 + 3); // samples x languages x (baseline + 3 rows)
        assertEquals(reference.scoredSamples.get(), backend.scorer.scoredSamples.get(), "as many samples as the reference");
        assertFalse(backend.scorer.calledOnFxThread.get(), "no scoring on the FX thread");
        String title = vm.titleProperty().get();
        for (String part : List.of("custom band", "layers 1–3", "k=2", "thr=0.4", "2 held-out samples per language")) {
            assertTrue(title.contains(part), part + " in " + title);
        }
        assertTrue(vm.statusProperty().get().startsWith("Scored " + backend.scorer.scoredSamples.get() + " samples"),
                vm.statusProperty().get());

        // again: no forward pass, the status says so, the same matrix
        int calls = backend.scorer.forwardCalls.get();
        vm.resultProperty().set(null);
        runAndWait(vm);
        assertEquals(calls, backend.scorer.forwardCalls.get(), "the repeat calls the model no more");
        assertTrue(vm.statusProperty().get().startsWith("From cache in "), vm.statusProperty().get());
        assertTrue(vm.statusProperty().get().contains(planned + " sample evaluations"), vm.statusProperty().get());
        for (int r = 0; r < expected.values().length; r++) {
            assertArrayEquals(expected.values()[r], vm.resultProperty().get().values()[r], 0);
        }

        // another k is another classification: only masks that changed are scored
        vm.kProperty().set(1);
        runAndWait(vm);
        assertTrue(vm.titleProperty().get().contains("k=1"), vm.titleProperty().get());
        assertTrue(vm.statusProperty().get().toLowerCase(java.util.Locale.ROOT).contains("from cache"), vm.statusProperty().get());
    }

    @Test
    void cancelStopsBetweenSamplesAndKeepsWhatFinishedCached() throws Exception {
        FakeBackend backend = new FakeBackend();
        InterventionsViewModel vm = loaded(backend);
        // cancel as the third sample (of 2 x 2 x 3 = 12) is reported: en's two baseline samples are stored by then
        javafx.beans.value.ChangeListener<Number> cancelAtThree = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number a, Number p) {
                if (p.doubleValue() >= 3 / 12.0) {
                    vm.cancel();
                    vm.progressProperty().removeListener(this);
                }
            }
        };
        vm.progressProperty().addListener(cancelAtThree);
        vm.run();
        assertFalse(vm.runningProperty().get(), "the cancelled run has ended");
        assertTrue(vm.statusProperty().get().startsWith("Cancelled after"), vm.statusProperty().get());
        assertNull(vm.resultProperty().get());
        int scoredBefore = backend.scorer.scoredSamples.get();
        assertTrue(scoredBefore < 12, "stopped early: " + scoredBefore);

        runAndWait(vm);
        int scoredAgain = backend.scorer.scoredSamples.get() - scoredBefore;
        assertTrue(scoredAgain <= 12 - 2, "en's baseline came from the cache, scored " + scoredAgain);
        assertTrue(vm.statusProperty().get().toLowerCase(java.util.Locale.ROOT).contains("from cache"), vm.statusProperty().get());
    }

    @Test
    void aTaskMetricNeedsATaskFileAndFillsTheMatrixWithTheTasksLanguages() throws Exception {
        FakeBackend backend = new FakeBackend();
        InterventionsViewModel vm = loaded(backend);
        assertEquals(InterventionsViewModel.BPB, vm.metricChoices().get(0));
        assertTrue(vm.metricChoices().contains("mc-accuracy-byte") && vm.metricChoices().contains("language-consistency"));
        vm.metricProperty().set("mc-accuracy");
        vm.run();
        assertEquals("Choose a task file (JSONL) for mc-accuracy", vm.statusProperty().get());
        assertFalse(vm.runningProperty().get());

        Path tasks = tmp.resolve("mc.jsonl");
        java.nio.file.Files.writeString(tasks, """
                {"flores_passage": "p", "question": "q?", "mc_answer1": "a", "mc_answer2": "bbb", "correct_answer_num": 1, "dialect": "eng_Latn"}
                {"flores_passage": "p", "question": "q?", "mc_answer1": "ccc", "mc_answer2": "d", "correct_answer_num": 1, "dialect": "deu_Latn"}
                """);
        vm.taskFileProperty().set(tasks);
        runAndWait(vm);
        LabeledMatrix m = vm.resultProperty().get();
        assertEquals(List.of("eng_Latn", "deu_Latn"), m.columnLabels(), "columns: the task's languages, as given");
        assertEquals(List.of("en", "de"), m.rowLabels());
        assertTrue(vm.titleProperty().get().startsWith("Change in multiple-choice accuracy (summed log-probability)"),
                vm.titleProperty().get());
        assertTrue(vm.titleProperty().get().endsWith("1 task records per language"), vm.titleProperty().get());
        assertEquals("mc-accuracy", vm.resultMetricProperty().get());
        assertTrue(backend.calls.contains("task mc-accuracy"), backend.calls.toString());
        for (double[] row : m.values()) {
            for (double d : row) {
                assertTrue(Double.isNaN(d) || d == 0 || Math.abs(d) == 1, "one record per language: " + d);
            }
        }
        runAndWait(vm);
        assertTrue(vm.statusProperty().get().startsWith("From cache"), vm.statusProperty().get());
    }

    @Test
    void theMatrixNamesItsAxesAndHasRowsAndColumnsInOneOrder() throws Exception {
        // columns evaluated in another order than the rows: aligned so that de's row and column share a position
        LabeledMatrix measured = new LabeledMatrix(List.of("de", "en", "shared"), List.of("en", "fr", "de"),
                new double[][] {{0.01, 0.0, 0.2}, {0.3, 0.0, 0.02}, {0.1, 0.1, 0.1}});
        LabeledMatrix aligned = MaskingRun.alignColumns(measured, List.of("es", "fr", "en", "de"));
        assertEquals(List.of("de", "en", "fr"), aligned.columnLabels(), "rows first, then the statistics' order");
        assertEquals(List.of("en", "de", "fr"), MaskingRun.alignColumns(new LabeledMatrix(List.of("shared"),
                List.of("de", "fr", "en"), new double[][] {{1, 2, 3}}), List.of("en", "de", "fr")).columnLabels());
        assertArrayEquals(new double[] {0.2, 0.01, 0.0}, aligned.values()[0], 0);
        assertArrayEquals(new double[] {0.02, 0.3, 0.0}, aligned.values()[1], 0);

        var shown = InterventionsView.shown(aligned, "Change in bits per byte", InterventionsViewModel.BPB);
        assertEquals("masked experts: de\nevaluated language: en\nchange in bits per byte = 0.0100 bits/byte",
                shown.describe(0, 1));
        assertEquals("masked experts: shared\nevaluated language: fr\nchange in bits per byte = 0.1000 bits/byte",
                shown.describe(2, 2));
        var chart = dev.moescope.viz.matrix.MatrixCharts.build(shown, dev.moescope.viz.matrix.MatrixCharts.divergingScale(shown, 0),
                "%+.3f", dev.moescope.viz.style.PublicationStyle.STYLE).chart();
        assertEquals("evaluated language", chart.getXYPlot().getDomainAxis().getLabel());
        assertEquals("masked experts", chart.getXYPlot().getRangeAxis().getLabel());

        // a real run: the evaluated languages in the rows' order
        InterventionsViewModel vm = loaded(new FakeBackend());
        vm.targets().setAll("de", InterventionsViewModel.SHARED, "en");
        runAndWait(vm);
        assertEquals(List.of("en", "de", "shared"), vm.resultProperty().get().rowLabels());
        assertEquals(List.of("en", "de"), vm.resultProperty().get().columnLabels());
    }
}
