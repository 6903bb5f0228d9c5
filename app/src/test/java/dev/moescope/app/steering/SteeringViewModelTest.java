package dev.moescope.app.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.app.testing.FakeSession;
import dev.moescope.app.testing.FxToolkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SteeringViewModelTest {
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private SteeringViewModel vm;
    private FakeSession session;

    /** s = 1 for expert 0 and 0.5 for expert 3 at every MoE layer; needs two targets like the paper's rule. */
    static final SteeringRule RULE = targets -> {
        if (targets.size() < 2) {
            throw new IllegalArgumentException("needs at least two target languages");
        }
        return Map.of(1, Map.of(0, 1.0, 3, 0.5), 2, Map.of(0, 1.0, 3, 0.5), 3, Map.of(0, 1.0, 3, 0.5), 4, Map.of(0, 1.0, 3, 0.5));
    };

    @BeforeAll
    static void fx() throws Exception {
        FxToolkit.start();
    }

    @BeforeEach
    void setUp() throws Exception {
        session = new FakeSession(1);
        vm = FxToolkit.fx(() -> {
            SteeringViewModel m = new SteeringViewModel(errors::add);
            m.maxNewTokensProperty().set(8);
            m.ruleProperty().set(RULE);
            m.targetLanguages().setAll("en", "de");
            return m;
        });
    }

    private void loadAndWait() throws Exception {
        FxToolkit.run(() -> vm.sessionProperty().set(session));
        awaitDone();
    }

    private void awaitDone() throws Exception {
        FxToolkit.await("generation to end", 10_000, () -> !vm.generatingProperty().get()
                && vm.steeredChips().size() == 8 && vm.baselineChips().size() == 8);
    }

    @Test
    void loadingAModelGeneratesBaselineAndSteeredAndMarksTheDifferingTokens() throws Exception {
        loadAndWait();
        List<String> steered = FxToolkit.fx(() -> vm.steeredChips().stream().map(ChipPair.Chip::text).toList());
        List<Boolean> differs = FxToolkit.fx(() -> vm.steeredChips().stream().map(ChipPair.Chip::differs).toList());
        assertEquals(List.of(" b0", " b1", " s2", " s3", " s4", " s5", " s6", " s7"), steered);
        assertEquals(List.of(false, false, true, true, true, true, true, true), differs);
        assertTrue(FxToolkit.fx(() -> vm.baselineChips().get(2).differs()), "baseline side is highlighted too");
        assertEquals("6 of 8 tokens differ", FxToolkit.fx(() -> vm.statusProperty().get()));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void specScalesCoefficientsByLayerWeightInsideTheBandOnly() throws Exception {
        loadAndWait();
        RouterIntervention spec = FxToolkit.fx(() -> {
            vm.bandLowProperty().set(1);
            vm.bandHighProperty().set(2);
            vm.layerWeights().get(2).set(0.5);
            vm.lambdaProperty().set(0.4);
            return vm.currentSpec();
        });
        // MoE layers are [1, 2, 3, 4]: band indices 1..2 are decoder layers 2 and 3
        assertEquals(List.of(2, 3), List.copyOf(spec.scaled().keySet()));
        assertEquals(1.0, spec.scaled().get(2).get(0));
        assertEquals(0.5, spec.scaled().get(3).get(0));
        assertEquals(0.25, spec.scaled().get(3).get(3));
        assertEquals(0.4, spec.lambda());
        assertTrue(spec.bias().isEmpty());
    }

    @Test
    void rapidChangesAreDebouncedIntoOneGeneration() throws Exception {
        loadAndWait();
        int before = session.generations.size();
        FxToolkit.run(() -> {
            for (int i = 0; i < 5; i++) {
                vm.lambdaProperty().set(0.1 + i * 0.1); // five changes while dragging
            }
        });
        assertEquals(before, session.generations.size(), "nothing starts before the quiet period");
        Thread.sleep((long) SteeringViewModel.DEBOUNCE.toMillis() + 300);
        awaitDone();
        assertEquals(before + 1, session.generations.size(), "five changes give one steered generation");
        assertEquals(0.5, session.generations.get(session.generations.size() - 1).lambda(), 1e-9);
    }

    @Test
    void aNewCommitCancelsTheStaleGeneration() throws Exception {
        session = new FakeSession(20);
        loadAndWait();
        FxToolkit.run(() -> {
            vm.lambdaProperty().set(0.7);
            vm.commit();
        });
        Thread.sleep(50);
        FxToolkit.run(() -> {
            vm.lambdaProperty().set(0.9);
            vm.commit();
        });
        awaitDone();
        Thread.sleep(100);
        assertTrue(session.cancelled.contains(true), "the generation for lambda 0.7 was cancelled");
        assertEquals(0.9, session.generations.get(session.generations.size() - 1).lambda(), 1e-9);
    }

    @Test
    void oneTargetLanguageExplainsWhyNothingIsSteered() throws Exception {
        FxToolkit.run(() -> vm.targetLanguages().setAll("en"));
        loadAndWait();
        assertTrue(FxToolkit.fx(() -> vm.currentSpec().isNeutral()));
        FxToolkit.run(() -> vm.commit());
        FxToolkit.await("status", 5000, () -> vm.statusProperty().get().startsWith("Not steering") && !vm.generatingProperty().get());
        assertTrue(vm.statusProperty().get().contains("two target languages"), vm.statusProperty().get());
    }

    @Test
    void presetSetsTargetsBandAndLambda() throws Exception {
        loadAndWait();
        FxToolkit.run(() -> {
            vm.availableLanguages().setAll("de", "fr", "en");
            vm.applyPreset(SteeringPreset.BUILT_IN.get(1));
        });
        assertEquals(List.of("en", "de", "fr"), FxToolkit.fx(() -> List.copyOf(vm.targetLanguages())));
        assertEquals(0.3, vm.lambdaProperty().get(), 1e-9);
        // 4 MoE layers, middle third: index 1..2 (rounded)
        assertEquals(1, vm.bandLowProperty().get());
        assertEquals(2, vm.bandHighProperty().get());
        // the paper's preset: en,zh, lambda 0.022, layers 10-39 of 48 -> 4 * 10/48 = 0.83 -> 1 .. 4 * 40/48 - 1 = 2.33 -> 2
        FxToolkit.run(() -> vm.applyPreset(SteeringPreset.BUILT_IN.get(0)));
        assertEquals(List.of("en", "zh"), FxToolkit.fx(() -> List.copyOf(vm.targetLanguages())));
        assertEquals(0.022, vm.lambdaProperty().get(), 1e-9);
        assertEquals(1, vm.bandLowProperty().get());
        assertEquals(2, vm.bandHighProperty().get());
    }

    @Test
    void savedFileLoadsBackAsTheSameSpec(@TempDir Path dir) throws Exception {
        loadAndWait();
        Path file = dir.resolve("steer.json");
        RouterIntervention saved = FxToolkit.fx(() -> {
            try {
                vm.save(file);
                return vm.currentSpec();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertFalse(saved.isNeutral());
        assertEquals(saved, RouterIntervention.read(file));
        RouterIntervention loaded = FxToolkit.fx(() -> {
            try {
                vm.ruleProperty().set(null);
                vm.load(file);
                return vm.currentSpec();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertEquals(SteeringViewModel.Mode.FILE, vm.modeProperty().get());
        assertEquals(saved, loaded);
        assertTrue(Files.readString(file).contains("\"scaled\""));
    }

    @Test
    void manualBiasesBecomeLogitBiasesScaledByLambda() throws Exception {
        loadAndWait();
        RouterIntervention spec = FxToolkit.fx(() -> {
            vm.modeProperty().set(SteeringViewModel.Mode.MANUAL_BIAS);
            vm.bandLowProperty().set(0);
            vm.bandHighProperty().set(3);
            vm.lambdaProperty().set(0.5);
            vm.manualBiases().setAll(ManualBiasParser.parse("2:5=2.0, 4:1=-1"));
            return vm.currentSpec();
        });
        assertEquals(Map.of(2, Map.of(5, 1.0f), 4, Map.of(1, -0.5f)), spec.bias());
        assertTrue(spec.scaled().isEmpty());
        assertEquals(0.0, spec.lambda());
    }
}
