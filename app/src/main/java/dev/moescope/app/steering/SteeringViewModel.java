package dev.moescope.app.steering;

import dev.moescope.app.backend.ModelSession;
import dev.moescope.app.common.Availability;
import dev.moescope.app.common.Debouncer;
import dev.moescope.bridge.RouterIntervention;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

/**
 * State of the steering tab: what is steered (mode, targets or language X, band, per-layer weights, lambda) and the
 * steering file. Every change restarts a ~100 ms debounce ({@link #commit()} skips it, e.g. on slider release); then
 * {@link SteeringOutputViewModel} regenerates the steered output beside the baseline, both with the decoding settings
 * of {@link DecodingOptionsViewModel}. Presets and prompts are {@link SteeringPresetsViewModel}'s.
 */
public final class SteeringViewModel {
    public enum Mode { TARGET_LANGUAGES, TOWARD_LANGUAGE, SWITCH_OFF, MANUAL_BIAS, FILE }

    /** One manual logit bias on one expert of one decoder layer. */
    public record ManualBias(int layer, int expert, double value) {}

    public static final Duration DEBOUNCE = Duration.millis(100);

    private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>();
    private final ObjectProperty<SteeringRule> rule = new SimpleObjectProperty<>();
    private final StringProperty prompt = new SimpleStringProperty("The history of the city begins");
    private final ObservableList<DoubleProperty> layerWeights = FXCollections.observableArrayList();
    private final IntegerProperty bandLow = new SimpleIntegerProperty(0);
    private final IntegerProperty bandHigh = new SimpleIntegerProperty(0);
    private final DoubleProperty lambda = new SimpleDoubleProperty(SteeringPreset.TOWARD_LAMBDA);
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.TOWARD_LANGUAGE);
    private final ObservableList<String> targetLanguages = FXCollections.observableArrayList("en");
    private final ObservableList<String> availableLanguages = FXCollections.observableArrayList();
    private final ObservableList<ManualBias> manualBiases = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper loadedFile = new ReadOnlyStringWrapper("");
    private final Availability availability = new Availability();
    private final DecodingOptionsViewModel decoding = new DecodingOptionsViewModel();
    private final SteeringOutputViewModel output;
    private final SteeringPresetsViewModel presets;
    private final Debouncer debouncer = new Debouncer(DEBOUNCE, this::regenerate);
    private final Consumer<Throwable> onError;

    private RouterIntervention fileSpec = RouterIntervention.NONE;
    private List<Integer> moeLayers = List.of();
    private final RuleCoefficients ruleCoefficients = new RuleCoefficients();
    private boolean suspendPoke;
    private String autoPrompt = prompt.get();
    /** Said after a model switch cleared the steering file (kept in the status until the next load or preset). */
    private String sessionNotice;

    /** Reads prompt samples through {@code presets} (built by the caller with its corpus access). */
    public SteeringViewModel(Consumer<Throwable> onError, Executor ui, SteeringPresetsViewModel presets) {
        this.onError = onError;
        this.output = new SteeringOutputViewModel(ui, onError);
        this.presets = presets;
        session.addListener((obs, old, s) -> onSession(s));
        rule.addListener(o -> {
            ruleCoefficients.clear();
            poke();
        });
        List<Observable> inputs = new ArrayList<>(List.of(prompt, bandLow, bandHigh, lambda, mode, targetLanguages,
                manualBiases, presets.languageProperty()));
        inputs.addAll(decoding.all());
        inputs.forEach(o -> o.addListener(x -> poke()));
        availableLanguages.addListener((javafx.collections.ListChangeListener<String>) c -> presets.languages().setAll(availableLanguages));
        // the prompt follows the first corpus sample until the user edits it
        presets.samples().addListener((javafx.collections.ListChangeListener<String>) c -> {
            if (!presets.samples().isEmpty() && prompt.get().equals(autoPrompt)) {
                autoPrompt = presets.samples().get(0);
                prompt.set(autoPrompt);
            }
        });
    }

    /** Without prompt samples (tests of the steering state alone). */
    public SteeringViewModel(Consumer<Throwable> onError, Executor ui) {
        this(onError, ui, new SteeringPresetsViewModel((c, l) -> List.of(), Runnable::run, ui, onError));
    }

    /** Whether this tab can work on what is loaded (imported statistics have no traces and no model). */
    public Availability availability() { return availability; }
    public DecodingOptionsViewModel decoding() { return decoding; }
    public SteeringOutputViewModel output() { return output; }
    public SteeringPresetsViewModel presets() { return presets; }
    public ObjectProperty<ModelSession> sessionProperty() { return session; }
    public ObjectProperty<SteeringRule> ruleProperty() { return rule; }
    public StringProperty promptProperty() { return prompt; }
    public ObservableList<DoubleProperty> layerWeights() { return layerWeights; }
    public IntegerProperty bandLowProperty() { return bandLow; }
    public IntegerProperty bandHighProperty() { return bandHigh; }
    public DoubleProperty lambdaProperty() { return lambda; }
    public ObjectProperty<Mode> modeProperty() { return mode; }
    public ObservableList<String> targetLanguages() { return targetLanguages; }
    public ObservableList<String> availableLanguages() { return availableLanguages; }
    public ObservableList<ManualBias> manualBiases() { return manualBiases; }
    public IntegerProperty maxNewTokensProperty() { return decoding.maxNewTokensProperty(); }
    public ReadOnlyStringProperty statusProperty() { return output.statusProperty(); }
    public ReadOnlyBooleanProperty generatingProperty() { return output.generatingProperty(); }
    public ObservableList<ChipPair.Chip> baselineChips() { return output.baselineChips(); }
    public ObservableList<ChipPair.Chip> steeredChips() { return output.steeredChips(); }
    public ReadOnlyDoubleProperty firstTokenMsProperty() { return output.firstTokenMsProperty(); }
    public ReadOnlyDoubleProperty completeMsProperty() { return output.completeMsProperty(); }
    public List<Integer> moeLayers() { return moeLayers; }
    /** The name of the steering file in use ("" when none is loaded). */
    public ReadOnlyStringProperty loadedFileProperty() { return loadedFile.getReadOnlyProperty(); }

    /** Restarts the debounce: called on every change while a control is being dragged. */
    public void poke() {
        if (!suspendPoke && session.get() != null) {
            debouncer.poke();
        }
    }

    /** Regenerates at once (slider released, Enter pressed). */
    public void commit() {
        if (session.get() != null) {
            debouncer.fireNow();
        }
    }

    /** Sets mode, targets, steered layers (band all, weights 1 or 0; the paper's band for its presets) and lambda. */
    public void applyPreset(SteeringPreset preset) {
        sessionNotice = null;
        presets.markApplied(preset);
        String x = presets.languageProperty().get();
        withoutPoke(() -> {
            mode.set(preset.mode());
            if (preset.mode() == Mode.TARGET_LANGUAGES) {
                targetLanguages.setAll(preset.targets(x));
            }
            int n = moeLayers.size();
            boolean[] on = preset.steeredLayers(Math.max(1, n));
            int[] band = preset.band(Math.max(1, n));
            bandLow.set(band[0]);
            bandHigh.set(band[1]);
            for (int i = 0; i < n; i++) {
                layerWeights.get(i).set(on[i] ? 1 : 0);
            }
            lambda.set(preset.lambda());
        });
        commit();
    }

    /** The intervention of the current state (what is saved as a steering file, and what the model runs with). */
    public RouterIntervention currentSpec() {
        Map<Integer, ? extends Map<Integer, Double>> s = switch (mode.get()) {
            case TARGET_LANGUAGES, TOWARD_LANGUAGE -> coefficients();
            case FILE -> fileSpec.scaled();
            case MANUAL_BIAS, SWITCH_OFF -> Map.of();
        };
        Map<Integer, Map<Integer, Double>> b = new TreeMap<>();
        if (mode.get() == Mode.MANUAL_BIAS) {
            for (ManualBias m : manualBiases) {
                b.computeIfAbsent(m.layer(), k -> new TreeMap<>()).merge(m.expert(), m.value() * lambda.get(), Double::sum);
            }
        } else if (mode.get() == Mode.FILE) {
            fileSpec.bias().forEach((layer, row) -> {
                Map<Integer, Double> r = new TreeMap<>();
                row.forEach((e, v) -> r.put(e, (double) v));
                b.put(layer, r);
            });
        }
        Map<Integer, java.util.Collection<Integer>> m = new TreeMap<>();
        if (mode.get() == Mode.FILE) {
            m.putAll(fileSpec.mask());
        } else if (mode.get() == Mode.SWITCH_OFF) { // X's exclusive experts
            coefficients().forEach((layer, experts) -> m.put(layer, experts.keySet()));
        }
        double[] weights = layerWeights.stream().mapToDouble(DoubleProperty::get).toArray();
        return SteeringSpecs.build(moeLayers, bandLow.get(), bandHigh.get(), weights, lambda.get(), s, b, m);
    }

    public void save(Path file) throws IOException {
        currentSpec().write(file);
    }

    /** Loads a steering file: it becomes the "from file" mode, all layers, weights 1, its own lambda. */
    public void load(Path file) throws IOException {
        RouterIntervention spec = RouterIntervention.read(file);
        ModelSession s = session.get();
        String problem = s == null ? null : SteeringSpecs.mismatch(spec, s.info());
        if (problem != null) {
            throw new IllegalArgumentException(file + ": " + problem);
        }
        loadedFile.set(String.valueOf(file.getFileName()));
        sessionNotice = null;
        withoutPoke(() -> {
            fileSpec = spec;
            mode.set(Mode.FILE);
            bandLow.set(0);
            bandHigh.set(Math.max(0, moeLayers.size() - 1));
            layerWeights.forEach(w -> w.set(1));
            lambda.set(spec.scaled().isEmpty() ? 1 : spec.lambda());
        });
        commit();
    }

    public void cancel() {
        debouncer.cancel();
        output.cancel();
        output.setStatus("Cancelled");
    }

    private void regenerate() {
        ModelSession s = session.get();
        if (s == null) {
            return;
        }
        RouterIntervention spec;
        try {
            spec = currentSpec();
        } catch (RuntimeException e) {
            onError.accept(e);
            return;
        }
        boolean rules = mode.get() == Mode.TARGET_LANGUAGES || mode.get() == Mode.TOWARD_LANGUAGE || mode.get() == Mode.SWITCH_OFF;
        String note = !(rules && spec.isNeutral() && (lambda.get() != 0 || mode.get() == Mode.SWITCH_OFF)) ? null
                : ruleCoefficients.problem() != null ? "Not steering: " + ruleCoefficients.problem()
                : rule.get() == null ? "Not steering: collect routing statistics first (sidebar)"
                : "Not steering: the rule selects no experts " + (mode.get() == Mode.TARGET_LANGUAGES ? "for these targets"
                : "exclusive to " + presets.languageProperty().get()) + " in the steered layers";
        output.run(s, prompt.get(), spec, decoding.options(), note, sessionNotice);
    }

    /** The scaled coefficients of the rule modes (cached per mode and targets). */
    private Map<Integer, Map<Integer, Double>> coefficients() {
        boolean toward = mode.get() != Mode.TARGET_LANGUAGES;
        String x = presets.languageProperty().get();
        return ruleCoefficients.get(rule.get(), toward, toward ? (x == null ? List.of() : List.of(x)) : List.copyOf(targetLanguages));
    }

    private void onSession(ModelSession s) {
        debouncer.cancel();
        output.clear();
        String dropped = null;
        if (s != null && fileSpec != RouterIntervention.NONE) {
            String problem = SteeringSpecs.mismatch(fileSpec, s.info());
            if (problem != null) {
                dropped = "Steering file " + loadedFile.get() + " cleared: " + problem;
                fileSpec = RouterIntervention.NONE;
                loadedFile.set("");
                if (mode.get() == Mode.FILE) {
                    withoutPoke(() -> mode.set(Mode.TOWARD_LANGUAGE));
                }
            }
        }
        sessionNotice = dropped;
        withoutPoke(() -> {
            if (s != null) {
                int experts = s.info().numExperts();
                List<Integer> layers = s.info().moeLayers();
                manualBiases.removeIf(b -> !layers.contains(b.layer()) || b.expert() >= experts);
            }
            moeLayers = s == null ? List.of() : s.info().moeLayers();
            List<DoubleProperty> weights = new ArrayList<>();
            for (int i = 0; i < moeLayers.size(); i++) {
                DoubleProperty w = new SimpleDoubleProperty(1);
                w.addListener(o -> poke());
                weights.add(w);
            }
            layerWeights.setAll(weights);
        });
        if (s == null) {
            // nothing to steer
        } else if (mode.get() == Mode.FILE) { // the file still fits: all layers, as loaded
            withoutPoke(() -> bandHigh.set(Math.max(0, moeLayers.size() - 1)));
            commit();
        } else {
            applyPreset(SteeringPreset.TOWARD_LANGUAGE); // the default: toward X, early + late layers
            sessionNotice = dropped;
        }
        output.setStatus(s == null ? "No model loaded: open one (File > Open model folder...) or the demo"
                : dropped != null ? dropped : output.statusProperty().get());
    }

    private void withoutPoke(Runnable r) {
        suspendPoke = true;
        try {
            r.run();
        } finally {
            suspendPoke = false;
        }
    }
}
