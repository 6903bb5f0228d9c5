package dev.moescope.app.steering;

import dev.moescope.app.backend.Generation;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.app.common.Debouncer;
import dev.moescope.bridge.RouterIntervention;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.util.Duration;

/**
 * State of the steering tab. Every change restarts a ~100 ms debounce ({@link #commit()} skips it, e.g.
 * on slider release); then the running steered generation is cancelled and a new one streams in
 * beside the unsteered baseline, which is generated once per prompt.
 */
public final class SteeringViewModel {
    public enum Mode { TARGET_LANGUAGES, MANUAL_BIAS, FILE }

    /** One manual logit bias on one expert of one decoder layer. */
    public record ManualBias(int layer, int expert, double value) {}

    public static final Duration DEBOUNCE = Duration.millis(100);

    private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>();
    private final ObjectProperty<SteeringRule> rule = new SimpleObjectProperty<>();
    private final StringProperty prompt = new SimpleStringProperty("The history of the city begins");
    private final ObservableList<DoubleProperty> layerWeights = FXCollections.observableArrayList();
    private final IntegerProperty bandLow = new SimpleIntegerProperty(0);
    private final IntegerProperty bandHigh = new SimpleIntegerProperty(0);
    private final DoubleProperty lambda = new SimpleDoubleProperty(0.3);
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.TARGET_LANGUAGES);
    private final ObservableList<String> targetLanguages = FXCollections.observableArrayList("en");
    private final ObservableList<String> availableLanguages = FXCollections.observableArrayList();
    private final ObservableList<ManualBias> manualBiases = FXCollections.observableArrayList();
    private final IntegerProperty maxNewTokens = new SimpleIntegerProperty(48);
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty generating = new SimpleBooleanProperty(false);
    private final ChipPair chips = new ChipPair();
    private final Debouncer debouncer = new Debouncer(DEBOUNCE, this::regenerate);
    private final Consumer<Throwable> onError;

    private RouterIntervention fileSpec = RouterIntervention.NONE;
    private List<Integer> moeLayers = List.of();
    private List<String> cachedTargets;
    private Map<Integer, Map<Integer, Double>> cachedCoefficients = Map.of();
    private String baselinePrompt;
    private int baselineMax;
    private Generation baselineRun;
    private Generation steeredRun;
    private long generationId;
    private long commitNanos;
    private final DoubleProperty firstTokenMs = new SimpleDoubleProperty(Double.NaN);
    private final DoubleProperty completeMs = new SimpleDoubleProperty(Double.NaN);
    private boolean suspendPoke;
    private String ruleProblem;
    private final StringProperty loadedFile = new SimpleStringProperty("");
    /** Said after a model switch cleared the steering file (kept in the status until the next load or preset). */
    private String sessionNotice;

    public SteeringViewModel(Consumer<Throwable> onError) {
        this.onError = onError;
        session.addListener((obs, old, s) -> onSession(s));
        rule.addListener(o -> {
            cachedTargets = null;
            poke();
        });
        for (Observable o : List.of(prompt, bandLow, bandHigh, lambda, mode, targetLanguages, manualBiases, maxNewTokens)) {
            o.addListener(x -> poke());
        }
    }

    // --- properties the view binds ---
    private final dev.moescope.app.common.Availability availability = new dev.moescope.app.common.Availability();

    /** Whether this tab can work on what is loaded (imported statistics have no traces and no model). */
    public dev.moescope.app.common.Availability availability() { return availability; }
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
    public IntegerProperty maxNewTokensProperty() { return maxNewTokens; }
    public StringProperty statusProperty() { return status; }
    public BooleanProperty generatingProperty() { return generating; }
    public ObservableList<ChipPair.Chip> baselineChips() { return chips.baseline(); }
    public ObservableList<ChipPair.Chip> steeredChips() { return chips.steered(); }
    /** Milliseconds from the last commit to the first steered token in the list (NaN before). */
    public DoubleProperty firstTokenMsProperty() { return firstTokenMs; }
    /** Milliseconds from the last commit to the end of the steered output (NaN before). */
    public DoubleProperty completeMsProperty() { return completeMs; }
    public List<Integer> moeLayers() { return moeLayers; }
    /** The name of the steering file in use ("" when none is loaded). */
    public StringProperty loadedFileProperty() { return loadedFile; }

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

    public void applyPreset(SteeringPreset preset) {
        sessionNotice = null;
        withoutPoke(() -> {
            mode.set(Mode.TARGET_LANGUAGES);
            targetLanguages.setAll(preset.expandTargets(availableLanguages));
            int[] band = preset.band(Math.max(1, moeLayers.size()));
            bandLow.set(band[0]);
            bandHigh.set(band[1]);
            layerWeights.forEach(w -> w.set(1));
            lambda.set(preset.lambda());
        });
        commit();
    }

    /** The intervention of the current state (what is saved as a steering file, and what the model runs with). */
    public RouterIntervention currentSpec() {
        Map<Integer, Map<Integer, Double>> bias = new TreeMap<>();
        Map<Integer, Map<Integer, Double>> scaled = new TreeMap<>();
        Map<Integer, List<Integer>> mask = new TreeMap<>();
        Map<Integer, ? extends Map<Integer, Double>> s = switch (mode.get()) {
            case TARGET_LANGUAGES -> coefficients();
            case FILE -> fileSpec.scaled();
            case MANUAL_BIAS -> Map.of();
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
        for (int i = bandLow.get(); i <= bandHigh.get() && i < moeLayers.size(); i++) {
            int layer = moeLayers.get(i);
            double w = layerWeights.get(i).get();
            if (w == 0) {
                continue;
            }
            putScaled(scaled, layer, s.get(layer), w);
            putScaled(bias, layer, b.get(layer), w);
            if (mode.get() == Mode.FILE && fileSpec.mask().containsKey(layer)) {
                mask.put(layer, List.copyOf(fileSpec.mask().get(layer)));
            }
        }
        return RouterIntervention.of(bias, scaled.isEmpty() ? 0 : lambda.get(), scaled, mask);
    }

    public void save(Path file) throws IOException {
        currentSpec().write(file);
    }

    /** Loads a steering file: it becomes the "from file" mode, all layers, weights 1, its own lambda. */
    public void load(Path file) throws IOException {
        RouterIntervention spec = RouterIntervention.read(file);
        ModelSession s = session.get();
        String problem = s == null ? null : mismatch(spec, s.info());
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
        generationId++;
        cancelRuns(true);
        generating.set(false);
        status.set("Cancelled");
    }

    private void regenerate() {
        ModelSession s = session.get();
        if (s == null) {
            return;
        }
        long gen = ++generationId;
        commitNanos = System.nanoTime();
        firstTokenMs.set(Double.NaN);
        completeMs.set(Double.NaN);
        String p = prompt.get();
        boolean newBaseline = !p.equals(baselinePrompt) || baselineMax != maxNewTokens.get();
        cancelRuns(newBaseline);
        RouterIntervention spec;
        try {
            spec = currentSpec();
        } catch (RuntimeException e) {
            onError.accept(e);
            return;
        }
        if (Boolean.getBoolean("moescope.debug")) {
            System.err.println("steering: mode=" + mode.get() + " targets=" + targetLanguages + " lambda=" + lambda.get()
                    + " band=" + bandLow.get() + ".." + bandHigh.get() + " newBaseline=" + newBaseline + " spec=" + spec.toJson().replaceAll("\\s+", ""));
        }
        generating.set(true);
        String note = !(mode.get() == Mode.TARGET_LANGUAGES && spec.isNeutral() && lambda.get() != 0) ? null
                : ruleProblem != null ? "Not steering: " + ruleProblem
                : rule.get() == null ? "Not steering: collect routing statistics first (sidebar)"
                : "Not steering: the rule selects no experts for these targets in this band";
        status.set(note != null ? note : "Generating...");
        if (newBaseline) {
            baselinePrompt = p;
            baselineMax = maxNewTokens.get();
            chips.startBaseline();
            TokenStream bs = new TokenStream(chips::appendBaseline);
            baselineRun = s.generate(p, RouterIntervention.NONE, maxNewTokens.get(), (i, id, text) -> bs.push(text));
            baselineRun.done().whenComplete((o, err) -> javafx.application.Platform.runLater(() -> {
                bs.drain();
                bs.close();
                if (err != null && gen == generationId) {
                    baselinePrompt = null;
                    onError.accept(err);
                } else if (o != null && !o.cancelled()) {
                    chips.finishBaseline();
                }
            }));
        }
        TokenStream ss = new TokenStream(batch -> {
            if (gen != generationId) {
                return;
            }
            boolean first = chips.isSteeredPending();
            chips.appendSteered(batch);
            if (first) {
                firstTokenMs.set((System.nanoTime() - commitNanos) / 1e6);
            }
        });
        chips.startSteered();
        steeredRun = s.generate(p, spec, maxNewTokens.get(), (i, id, text) -> ss.push(text));
        steeredRun.done().whenComplete((o, err) -> javafx.application.Platform.runLater(() -> {
            if (gen != generationId) {
                ss.close();
                return;
            }
            ss.drain();
            ss.close();
            generating.set(false);
            if (err != null) {
                status.set("Generation failed");
                onError.accept(err);
            } else if (o != null && !o.cancelled()) {
                chips.finishSteered();
                completeMs.set((System.nanoTime() - commitNanos) / 1e6);
                int d = chips.differingCount();
                String said = note != null ? note
                        : d == 0 ? "Steered output equals the baseline" : d + " of " + chips.steered().size() + " tokens differ";
                status.set(sessionNotice == null ? said : sessionNotice + " · " + said);
            }
        }));
    }

    private Map<Integer, Map<Integer, Double>> coefficients() {
        SteeringRule r = rule.get();
        if (r == null || targetLanguages.isEmpty()) {
            cachedCoefficients = Map.of();
            ruleProblem = null;
            return cachedCoefficients;
        }
        List<String> targets = List.copyOf(targetLanguages);
        if (!targets.equals(cachedTargets)) {
            cachedTargets = targets;
            try {
                cachedCoefficients = r.coefficients(targets);
                ruleProblem = null;
            } catch (IllegalArgumentException e) {
                cachedCoefficients = Map.of();
                ruleProblem = e.getMessage();
            }
        }
        return cachedCoefficients;
    }

    private static void putScaled(Map<Integer, Map<Integer, Double>> out, int layer, Map<Integer, Double> values, double w) {
        if (values == null || values.isEmpty()) {
            return;
        }
        Map<Integer, Double> m = new TreeMap<>();
        values.forEach((e, v) -> m.put(e, v * w));
        out.put(layer, m);
    }

    private void cancelRuns(boolean alsoBaseline) {
        if (steeredRun != null) {
            steeredRun.cancel();
            steeredRun = null;
        }
        if (alsoBaseline && baselineRun != null) {
            baselineRun.cancel();
            baselineRun = null;
        }
    }

    /**
     * Why a steering file does not fit a model (a layer that is not one of its MoE layers, or an expert it
     * does not have), or null when it fits.
     */
    static String mismatch(RouterIntervention spec, dev.moescope.app.backend.ModelInfo model) {
        for (int layer : spec.layers()) {
            if (!model.moeLayers().contains(layer)) {
                return "steering names layer " + layer + ", which is not an MoE layer of " + model.name()
                        + " (MoE layers " + model.moeLayers() + ")";
            }
            try {
                spec.terms(layer, model.numExperts());
            } catch (IllegalArgumentException e) {
                return e.getMessage() + " in " + model.name();
            }
        }
        return null;
    }

    private void onSession(ModelSession s) {
        cancel();
        baselinePrompt = null;
        chips.clear();
        String dropped = null;
        if (s != null && fileSpec != RouterIntervention.NONE) {
            String problem = mismatch(fileSpec, s.info());
            if (problem != null) {
                dropped = "Steering file " + loadedFile.get() + " cleared: " + problem;
                fileSpec = RouterIntervention.NONE;
                loadedFile.set("");
                if (mode.get() == Mode.FILE) {
                    withoutPoke(() -> mode.set(Mode.TARGET_LANGUAGES));
                }
            }
        }
        if (s != null) {
            int experts = s.info().numExperts();
            List<Integer> layers = s.info().moeLayers();
            withoutPoke(() -> manualBiases.removeIf(b -> !layers.contains(b.layer()) || b.expert() >= experts));
        }
        sessionNotice = dropped;
        String notice = dropped;
        withoutPoke(() -> {
            moeLayers = s == null ? List.of() : s.info().moeLayers();
            List<DoubleProperty> weights = new ArrayList<>();
            for (int i = 0; i < moeLayers.size(); i++) {
                DoubleProperty w = new SimpleDoubleProperty(1);
                w.addListener(o -> poke());
                weights.add(w);
            }
            layerWeights.setAll(weights);
            int[] band = SteeringPreset.BUILT_IN.get(0).band(Math.max(1, moeLayers.size()));
            bandLow.set(band[0]);
            bandHigh.set(band[1]);
        });
        if (s != null) {
            commit();
        }
        status.set(s == null ? "No model loaded: open one (File > Open model folder...) or the demo"
                : notice != null ? notice : status.get());
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
