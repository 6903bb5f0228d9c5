package dev.moescope.app.interventions;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.routing.analysis.LabeledMatrix;
import dev.moescope.routing.analysis.LayerBand;
import dev.moescope.routing.analysis.RoutingStats;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;
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

/**
 * Masking interventions: turn off the exclusive experts of each chosen language (or the shared
 * experts) in a band of layers, and measure the change in bits per byte on every language.
 */
public final class InterventionsViewModel {
    public enum Band { EARLY, MIDDLE, LATE, CUSTOM }

    /** "Shared experts" as a target, beside language codes. */
    public static final String SHARED = Backend.SHARED_TARGET;

    private final Backend backend;
    private final BackgroundWork work;
    private final Consumer<Throwable> onError;
    private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>();
    private final ObservableList<String> targets = FXCollections.observableArrayList();
    private final ObservableList<String> availableTargets = FXCollections.observableArrayList();
    private final ObjectProperty<Band> band = new SimpleObjectProperty<>(Band.MIDDLE);
    private final IntegerProperty customLow = new SimpleIntegerProperty(0);
    private final IntegerProperty customHigh = new SimpleIntegerProperty(0);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<LabeledMatrix> result = new SimpleObjectProperty<>();
    private RoutingStats stats;
    private Path corpus;
    private AtomicBoolean cancel = new AtomicBoolean();

    public InterventionsViewModel(Backend backend, BackgroundWork work, Consumer<Throwable> onError) {
        this.backend = backend;
        this.work = work;
        this.onError = onError;
    }

    public ObjectProperty<ModelSession> sessionProperty() { return session; }
    public ObservableList<String> targets() { return targets; }
    public ObservableList<String> availableTargets() { return availableTargets; }
    public ObjectProperty<Band> bandProperty() { return band; }
    public IntegerProperty customLowProperty() { return customLow; }
    public IntegerProperty customHighProperty() { return customHigh; }
    public BooleanProperty runningProperty() { return running; }
    public DoubleProperty progressProperty() { return progress; }
    public StringProperty statusProperty() { return status; }
    /** Rows: intervention target; columns: evaluated language; values: change in bits per byte. */
    public ObjectProperty<LabeledMatrix> resultProperty() { return result; }
    public RoutingStats stats() { return stats; }

    public void setStats(RoutingStats s, Path corpusPath) {
        stats = s;
        corpus = corpusPath;
        List<String> langs = s == null ? List.of() : s.languages();
        availableTargets.setAll(langs);
        availableTargets.add(SHARED);
        targets.removeIf(t -> !availableTargets.contains(t));
        if (targets.isEmpty() && !langs.isEmpty()) {
            targets.setAll(langs);
        }
        int n = s == null ? 1 : s.numLayers();
        customLow.set(0);
        customHigh.set(n - 1);
    }

    /** First and last MoE-layer index of the chosen band, inclusive, for {@code n} MoE layers. */
    public int[] bandIndices(int n) {
        return switch (band.get()) {
            case EARLY -> firstLast(LayerBand.EARLY.positions(n));
            case MIDDLE -> firstLast(LayerBand.MIDDLE.positions(n));
            case LATE -> firstLast(LayerBand.LATE.positions(n));
            case CUSTOM -> new int[] {Math.min(customLow.get(), n - 1), Math.min(Math.max(customLow.get(), customHigh.get()), n - 1)};
        };
    }

    private static int[] firstLast(int[] positions) {
        return new int[] {positions[0], positions[positions.length - 1]};
    }

    public void run() {
        ModelSession s = session.get();
        RoutingStats st = stats;
        if (s == null || st == null || targets.isEmpty() || running.get()) {
            status.set(st == null ? "Collect routing first (sidebar)" : targets.isEmpty() ? "Pick at least one target" : status.get());
            return;
        }
        int[] idx = bandIndices(st.numLayers());
        int[] decoderBand = {st.moeLayers()[idx[0]], st.moeLayers()[idx[1]]};
        AtomicBoolean flag = new AtomicBoolean();
        cancel = flag;
        running.set(true);
        progress.set(-1);
        status.set("Evaluating...");
        List<String> t = List.copyOf(targets);
        Path c = corpus;
        work.run("Interventions", () -> backend.interventions(s, st, c, t, decoderBand,
                p -> Platform.runLater(() -> {
                    progress.set(p.fraction());
                    status.set(p.done() + "/" + p.total() + " evaluations");
                }), flag::get), m -> {
                    running.set(false);
                    progress.set(flag.get() ? 0 : 1);
                    status.set(flag.get() ? "Cancelled" : "Layers " + decoderBand[0] + "-" + decoderBand[1] + ": change in bits per byte");
                    if (!flag.get()) {
                        result.set(m);
                    }
                }, err -> {
                    running.set(false);
                    progress.set(0);
                    status.set("Failed");
                    onError.accept(err);
                });
    }

    public void cancel() {
        cancel.set(true);
    }
}
