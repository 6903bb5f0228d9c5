package dev.moescope.app.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.testing.FakeSession;
import dev.moescope.app.testing.FxToolkit;
import dev.moescope.bridge.RouterIntervention;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steering state on a fake model whose generations finish before {@code generate} returns, with direct
 * executors: every result is there when the call returns (nothing is waited for). The FX thread only hosts the
 * debounce timer.
 */
class SteeringViewModelTest {
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private SteeringViewModel vm;
    private FakeSession session;

    /**
     * Shared among targets: s = 1 for expert 0 and 0.5 for expert 3 at every MoE layer (needs two targets like the
     * paper's rule). Exclusive to ru: expert 5 (share 0.9) at layers 1 and 4, expert 6 (0.6) at layer 2.
     */
    static final SteeringRule RULE = new SteeringRule() {
        @Override
        public Map<Integer, Map<Integer, Double>> coefficients(List<String> targets) {
            if (targets.size() < 2) {
                throw new IllegalArgumentException("needs at least two target languages");
            }
            return Map.of(1, Map.of(0, 1.0, 3, 0.5), 2, Map.of(0, 1.0, 3, 0.5), 3, Map.of(0, 1.0, 3, 0.5), 4, Map.of(0, 1.0, 3, 0.5));
        }

        @Override
        public Map<Integer, Map<Integer, Double>> exclusive(String language) {
            return language.equals("ru") ? Map.of(1, Map.of(5, 0.9), 2, Map.of(6, 0.6), 4, Map.of(5, 0.9)) : Map.of();
        }
    };

    @BeforeAll
    static void fx() throws Exception {
        FxToolkit.start();
    }

    @BeforeEach
    void setUp() throws Exception {
        session = new FakeSession(0);
        vm = FxToolkit.fx(() -> {
            SteeringViewModel m = new SteeringViewModel(errors::add, Runnable::run);
            m.maxNewTokensProperty().set(8);
            m.ruleProperty().set(RULE);
            m.availableLanguages().setAll("en", "de", "ru");
            return m;
        });
    }

    private void load() throws Exception {
        FxToolkit.run(() -> vm.sessionProperty().set(session));
    }

    private List<String> texts(List<ChipPair.Chip> chips) {
        return chips.stream().map(ChipPair.Chip::text).toList();
    }

    @Test
    void loadingAModelStartsTowardXAndMarksTheDifferingTokensAndWords() throws Exception {
        load();
        assertEquals("ru", vm.presets().languageProperty().get(), "X prefers a language of another script");
        assertEquals(SteeringViewModel.Mode.TOWARD_LANGUAGE, vm.modeProperty().get());
        assertEquals(List.of(" b0", " b1", " s2", " s3", " s4", " s5", " s6", " s7"), texts(vm.steeredChips()));
        assertEquals(List.of(false, false, true, true, true, true, true, true),
                vm.steeredChips().stream().map(ChipPair.Chip::differs).toList());
        assertTrue(vm.baselineChips().get(2).differs(), "baseline side is highlighted too");
        TextDiff.Result diff = vm.output().diffProperty().get();
        assertEquals(List.of(new TextDiff.Span(" b0 b1 ", false), new TextDiff.Span("s2 s3 s4 s5 s6 s7", true)), diff.steered());
        assertEquals("6 of 8 words differ", vm.statusProperty().get());
        assertFalse(vm.generatingProperty().get());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void baselineAndSteeredUseTheSameDecodingOptionsAndAtLambdaZeroTheSameText() throws Exception {
        load();
        FxToolkit.run(() -> {
            vm.decoding().seedProperty().set(11);
            vm.decoding().repetitionPenaltyProperty().set(1.25);
            vm.lambdaProperty().set(0);
            vm.commit();
        });
        int n = session.options.size();
        assertEquals(session.options.get(n - 1), session.options.get(n - 2), "one set of options for both");
        assertEquals(11, session.options.get(n - 1).seed());
        assertEquals(1.25f, session.options.get(n - 1).repetitionPenalty(), 1e-6);
        assertEquals(0.8f, session.options.get(n - 1).temperature(), 1e-6);
        assertTrue(session.generations.get(n - 1).isNeutral(), "lambda 0: no intervention");
        assertEquals(vm.output().texts().get(0), vm.output().texts().get(1));
        assertEquals("Steered output equals the baseline", vm.statusProperty().get());
    }

    @Test
    void towardXScalesXsExclusiveExpertsInTheEarlyAndLateLayersOnly() throws Exception {
        load();
        RouterIntervention spec = FxToolkit.fx(() -> vm.currentSpec());
        // MoE layers [1, 2, 3, 4]: early = position 0 (layer 1), late = position 3 (layer 4); layer 2 has weight 0
        assertEquals(List.of(0.0, 0.0), List.of(vm.layerWeights().get(1).get(), vm.layerWeights().get(2).get()));
        assertEquals(Map.of(1, Map.of(5, 0.9), 4, Map.of(5, 0.9)), spec.scaled());
        assertEquals(SteeringPreset.TOWARD_LAMBDA, spec.lambda(), 1e-9);
        RouterIntervention off = FxToolkit.fx(() -> {
            vm.applyPreset(SteeringPreset.SWITCH_OFF);
            return vm.currentSpec();
        });
        assertEquals(Map.of(1, Set.of(5), 2, Set.of(6), 4, Set.of(5)), off.mask());
        assertTrue(off.scaled().isEmpty());
    }

    @Test
    void englishSharedPresetTargetsEnAndXOnThePapersBand() throws Exception {
        load();
        FxToolkit.run(() -> vm.applyPreset(SteeringPreset.ENGLISH_SHARED));
        assertEquals(List.of("en", "ru"), List.copyOf(vm.targetLanguages()));
        assertEquals(SteeringViewModel.Mode.TARGET_LANGUAGES, vm.modeProperty().get());
        // layers 10-39 of 48 on 4 MoE layers: 4 * 10/48 = 0.83 -> 1 .. 4 * 40/48 - 1 = 2.33 -> 2
        assertEquals(1, vm.bandLowProperty().get());
        assertEquals(2, vm.bandHighProperty().get());
        assertEquals(0.3, vm.lambdaProperty().get(), 1e-9);
        assertTrue(vm.presets().appliedDescription().startsWith("Toward English-shared experts (en + ru)"),
                vm.presets().appliedDescription());
        FxToolkit.run(() -> vm.applyPreset(SteeringPreset.PAPER));
        assertEquals(List.of("en", "zh"), List.copyOf(vm.targetLanguages()));
        assertEquals(0.022, vm.lambdaProperty().get(), 1e-9);
    }

    @Test
    void specScalesCoefficientsByLayerWeightInsideTheBandOnly() throws Exception {
        load();
        RouterIntervention spec = FxToolkit.fx(() -> {
            vm.modeProperty().set(SteeringViewModel.Mode.TARGET_LANGUAGES);
            vm.targetLanguages().setAll("en", "de");
            vm.layerWeights().forEach(w -> w.set(1));
            vm.bandLowProperty().set(1);
            vm.bandHighProperty().set(2);
            vm.layerWeights().get(2).set(0.5);
            vm.lambdaProperty().set(0.4);
            return vm.currentSpec();
        });
        assertEquals(List.of(2, 3), List.copyOf(spec.scaled().keySet()));
        assertEquals(1.0, spec.scaled().get(2).get(0));
        assertEquals(0.5, spec.scaled().get(3).get(0));
        assertEquals(0.25, spec.scaled().get(3).get(3));
        assertEquals(0.4, spec.lambda());
        assertTrue(spec.bias().isEmpty());
    }

    @Test
    void changesWhileDraggingStartNothingUntilTheCommit() throws Exception {
        load();
        int before = session.generations.size();
        FxToolkit.run(() -> {
            for (int i = 0; i < 5; i++) {
                vm.lambdaProperty().set(0.1 + i * 0.1); // five changes while dragging
            }
        });
        assertEquals(before, session.generations.size(), "nothing starts before the quiet period");
        FxToolkit.run(() -> vm.commit());
        assertEquals(before + 1, session.generations.size(), "one steered generation; the baseline is kept");
        assertEquals(0.5, session.generations.get(session.generations.size() - 1).lambda(), 1e-9);
    }

    @Test
    void aTargetRuleThatSelectsNothingSaysWhy() throws Exception {
        load();
        FxToolkit.run(() -> {
            vm.modeProperty().set(SteeringViewModel.Mode.TARGET_LANGUAGES);
            vm.targetLanguages().setAll("en");
            vm.commit();
        });
        assertTrue(vm.currentSpec().isNeutral());
        assertTrue(vm.statusProperty().get().startsWith("Not steering") && vm.statusProperty().get().contains("two target languages"),
                vm.statusProperty().get());
        FxToolkit.run(() -> {
            vm.presets().languageProperty().set("de");
            vm.applyPreset(SteeringPreset.TOWARD_LANGUAGE);
        });
        assertEquals("Not steering: the rule selects no experts exclusive to de in the steered layers", vm.statusProperty().get());
    }

    @Test
    void savedFileLoadsBackAsTheSameSpec(@TempDir Path dir) throws Exception {
        load();
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
        assertEquals("steer.json", vm.loadedFileProperty().get());
        assertTrue(Files.readString(file).contains("\"scaled\""));
    }

    @Test
    void manualBiasesBecomeLogitBiasesScaledByLambda() throws Exception {
        load();
        RouterIntervention spec = FxToolkit.fx(() -> {
            vm.modeProperty().set(SteeringViewModel.Mode.MANUAL_BIAS);
            vm.layerWeights().forEach(w -> w.set(1));
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

    @Test
    void promptSamplesComeFromTheHeldOutTextOfThePromptLanguage() throws Exception {
        SteeringPresetsViewModel p = FxToolkit.fx(() -> {
            SteeringPresetsViewModel m = new SteeringPresetsViewModel((corpus, lang) -> List.of(
                    "Everyone has the right to a standard of living adequate for the health of himself (" + lang + ")",
                    "Short " + lang), Runnable::run, Runnable::run, errors::add);
            m.languages().setAll("de", "en", "hi");
            return m;
        });
        assertEquals("en", p.promptLanguageProperty().get());
        assertEquals("hi", p.languageProperty().get());
        assertEquals(List.of("Everyone has the right to a standard of living adequate for the", "Short en"), List.copyOf(p.samples()));
        FxToolkit.run(() -> p.promptLanguageProperty().set("de"));
        assertEquals("Short de", p.samples().get(1));
        assertEquals("2 held-out samples in de", p.samplesNoteProperty().get());
    }

    @Test
    void thePromptFollowsTheFirstSampleUntilEdited() throws Exception {
        List<String> texts = new CopyOnWriteArrayList<>(List.of("Jeder hat das Recht auf Bildung."));
        SteeringViewModel m = FxToolkit.fx(() -> {
            SteeringViewModel v = new SteeringViewModel(errors::add, Runnable::run,
                    new SteeringPresetsViewModel((c, l) -> List.copyOf(texts), Runnable::run, Runnable::run, errors::add));
            v.availableLanguages().setAll("de", "ru");
            return v;
        });
        assertEquals("Jeder hat das Recht auf Bildung.", m.promptProperty().get());
        FxToolkit.run(() -> m.promptProperty().set("My own prompt"));
        texts.set(0, "Другой текст");
        FxToolkit.run(() -> m.presets().promptLanguageProperty().set("ru"));
        assertEquals("My own prompt", m.promptProperty().get(), "an edited prompt stays");
    }
}
