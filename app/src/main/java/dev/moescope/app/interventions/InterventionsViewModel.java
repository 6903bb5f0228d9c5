package dev.moescope.app.interventions;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.app.common.ProgressEta;
import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LabeledMatrix;
import dev.moescope.routing.analysis.LayerBand;
import dev.moescope.routing.analysis.PaperSettings;
import dev.moescope.routing.experiment.MaskingExperiment;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.task.TaskSpec;
import dev.moescope.resources.LanguageTable;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
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
 * experts) in a band of layers, and measure the change in bits per byte on every language's held-out
 * text, or in a task metric on a task file (multiple-choice accuracy, generation metrics). The experiment is
 * routing's, cached in the app's store (see {@link MaskingRun}).
 */
public final class InterventionsViewModel {
    /**
     * The layer band to mask in: the paper's ranges (its MGSM/FLORES scripts: layers 0-4, 22-26, 43-47 of 48, scaled to
     * the model's depth; the same as {@code moescope intervene --bands paper}), quarters, or a custom range.
     */
    public enum Band {
        PAPER_EARLY("paper: layers 0-4 of 48", PaperSettings.MASK_BANDS.get(0)),
        PAPER_MIDDLE("paper: layers 22-26 of 48", PaperSettings.MASK_BANDS.get(1)),
        PAPER_LATE("paper: layers 43-47 of 48", PaperSettings.MASK_BANDS.get(2)),
        EARLY("early quarter", null),
        MIDDLE("middle quarter", null),
        LATE("late quarter", null),
        CUSTOM("custom range", null);

        private final String label;
        private final PaperSettings.Range paperRange;

        Band(String label, PaperSettings.Range paperRange) {
            this.label = label;
            this.paperRange = paperRange;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** The metric choice meaning held-out bits per byte (the others are {@link TaskSpec.Metric} CLI names). */
    public static final String BPB = "bpb";

    /** "Shared experts" as a target, beside language codes. */
    public static final String SHARED = Backend.SHARED_TARGET;

    private final Backend backend;
    private final BackgroundWork work;
    private final Consumer<Throwable> onError;
    private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>();
    private final ObservableList<String> targets = FXCollections.observableArrayList();
    private final ObservableList<String> availableTargets = FXCollections.observableArrayList();
    private final ObjectProperty<Band> band = new SimpleObjectProperty<>(Band.PAPER_MIDDLE);
    private final IntegerProperty customLow = new SimpleIntegerProperty(0);
    private final IntegerProperty customHigh = new SimpleIntegerProperty(0);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<LabeledMatrix> result = new SimpleObjectProperty<>();
    private final StringProperty title = new SimpleStringProperty("");
    private final IntegerProperty k = new SimpleIntegerProperty(ExpertClassification.DEFAULT_TOP_K);
    private final DoubleProperty threshold = new SimpleDoubleProperty(ExpertClassification.DEFAULT_THRESHOLD);
    private final ObservableList<String> metricChoices = FXCollections.observableArrayList(metricNames());
    private final StringProperty metric = new SimpleStringProperty(BPB);
    private final ObjectProperty<Path> taskFile = new SimpleObjectProperty<>();
    private final StringProperty resultMetric = new SimpleStringProperty(BPB);
    private RoutingStats stats;
    private Path corpus;
    private AtomicBoolean cancel = new AtomicBoolean();

    public InterventionsViewModel(Backend backend, BackgroundWork work, Consumer<Throwable> onError) {
        this.backend = backend;
        this.work = work;
        this.onError = onError;
    }

    private final dev.moescope.app.common.Availability availability = new dev.moescope.app.common.Availability();

    /** Whether this tab can work on what is loaded (imported statistics have no traces and no model). */
    public dev.moescope.app.common.Availability availability() { return availability; }
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
    /** Title of {@link #resultProperty()}: band, layers, k, thr and held-out samples per language. */
    public StringProperty titleProperty() { return title; }
    /** Classification of exclusive and shared experts (the app binds these to the heatmap tab's k and thr). */
    public IntegerProperty kProperty() { return k; }
    public DoubleProperty thresholdProperty() { return threshold; }
    public RoutingStats stats() { return stats; }
    /** "bpb" and the task metrics' CLI names. */
    public ObservableList<String> metricChoices() { return metricChoices; }
    public StringProperty metricProperty() { return metric; }
    /** The task file (JSONL) the task metrics are measured on. */
    public ObjectProperty<Path> taskFileProperty() { return taskFile; }
    /** The metric {@link #resultProperty()} was measured in. */
    public StringProperty resultMetricProperty() { return resultMetric; }

    private static List<String> metricNames() {
        List<String> names = new java.util.ArrayList<>(List.of(BPB));
        for (TaskSpec.Metric m : TaskSpec.Metric.values()) {
            names.add(m.cliName());
        }
        return names;
    }

    /** The task metric to measure, or null for bits per byte. */
    TaskSpec task() {
        return BPB.equals(metric.get()) ? null
                : TaskSpec.of(taskFile.get(), TaskSpec.Metric.parse(metric.get()), LanguageTable.PAPER_LANGUAGES);
    }

    public void setStats(RoutingStats s, Path corpusPath) {
        if (s != stats || !java.util.Objects.equals(corpusPath, corpus)) {
            // a matrix measured under another model, corpus or language selection is never shown under this one
            cancel();
            result.set(null);
            title.set("");
            progress.set(0);
            status.set(s == null ? "No routing statistics for this model, corpus and languages yet: collect them in the sidebar, then press Run"
                    : "Pick targets and a band, then press Run (" + s.numLanguages() + " languages, " + s.numLayers() + " MoE layers)");
        }
        stats = s;
        corpus = corpusPath;
        List<String> langs = s == null ? List.of() : s.languages();
        availableTargets.setAll(langs);
        if (langs.contains("en") && langs.contains("zh")) {
            // the paper's pair as one summed target: the experts whose en + zh share > thr (intervene --mask en,zh)
            availableTargets.add(MaskingExperiment.rowLabel(List.of("en", "zh")));
        }
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
        if (band.get().paperRange != null) {
            return firstLast(band.get().paperRange.positions(n));
        }
        return switch (band.get()) {
            case PAPER_EARLY, PAPER_MIDDLE, PAPER_LATE -> throw new IllegalStateException("handled above");
            case EARLY -> firstLast(LayerBand.EARLY.positions(n));
            case MIDDLE -> firstLast(LayerBand.MIDDLE.positions(n));
            case LATE -> firstLast(LayerBand.LATE.positions(n));
            case CUSTOM -> new int[] {Math.min(customLow.get(), n - 1), Math.min(Math.max(customLow.get(), customHigh.get()), n - 1)};
        };
    }

    private static int[] firstLast(int[] positions) {
        return new int[] {positions[0], positions[positions.length - 1]};
    }

    /** Runs routing's masking experiment off the FX thread; cached conditions cost no forward pass. */
    public void run() {
        ModelSession s = session.get();
        RoutingStats st = stats;
        if (s == null || st == null || targets.isEmpty() || running.get()) {
            status.set(st == null ? "Collect routing first (sidebar)" : targets.isEmpty() ? "Pick at least one target" : status.get());
            return;
        }
        if (!BPB.equals(metric.get()) && taskFile.get() == null) {
            status.set("Choose a task file (JSONL) for " + metric.get());
            return;
        }
        int[] idx = bandIndices(st.numLayers());
        String bandName = band.get().paperRange != null
                ? st.moeLayers()[idx[0]] + "-" + st.moeLayers()[idx[1]] // as `intervene --bands paper` names them
                : band.get().name().toLowerCase(Locale.ROOT);
        List<String> ordered = availableTargets.stream().filter(targets::contains).toList(); // shared last
        MaskingRun request = new MaskingRun(st, corpus, bandName,
                Arrays.copyOfRange(st.moeLayers(), idx[0], idx[1] + 1), ordered, k.get(), threshold.get(), task());
        AtomicBoolean flag = new AtomicBoolean();
        cancel = flag;
        running.set(true);
        progress.set(-1);
        status.set(request.task() == null ? "Preparing the held-out text..." : "Reading the task file...");
        ProgressRelay relay = new ProgressRelay();
        work.run("Interventions", () -> request.execute(backend, s, relay::post, flag::get), outcome -> {
            running.set(false);
            if (stats != st || session.get() != s) {
                return; // measured under statistics or a model no longer open (setStats explained it)
            }
            if (outcome == null) {
                progress.set(0);
                status.set("Cancelled after " + relay.done + "/" + relay.planned + " samples (finished conditions are cached)");
                return;
            }
            progress.set(1);
            status.set(summary(outcome));
            title.set(outcome.title());
            resultMetric.set(request.task() == null ? BPB : request.task().metric().cliName());
            result.set(outcome.delta());
        }, err -> {
            running.set(false);
            progress.set(0);
            status.set("Failed");
            onError.accept(err);
        });
    }

    static String summary(MaskingRun.Outcome o) {
        String time = o.seconds() < 1 ? Math.round(o.seconds() * 1000) + " ms" : String.format(Locale.ROOT, "%.1f s", o.seconds());
        String head = o.fromCache()
                ? "From cache in " + time + ": " + o.plannedSamples() + " sample evaluations, no forward pass"
                : "Scored " + o.scoredSamples() + " samples in " + time + " ("
                        + (o.plannedSamples() - o.scoredSamples()) + " of " + o.plannedSamples() + " from cache)";
        return o.nothingMasked().isEmpty() ? head : head + " · nothing to mask for " + String.join(", ", o.nothingMasked());
    }

    /** Hands progress to the UI executor, at most one update queued at a time, with the time left. */
    private final class ProgressRelay {
        private final AtomicBoolean queued = new AtomicBoolean();
        private final ProgressEta eta = new ProgressEta();
        private volatile int done;
        private volatile int planned;

        void post(int d, int p) {
            done = d;
            planned = p;
            if (queued.compareAndSet(false, true)) {
                work.ui().execute(() -> {
                    queued.set(false);
                    if (running.get()) {
                        progress.set(planned == 0 ? -1 : (double) done / planned);
                        status.set(eta.describe(done, planned, "samples"));
                    }
                });
            }
        }
    }

    public void cancel() {
        cancel.set(true);
    }
}
