package dev.moescope.app.layers;

import dev.moescope.app.common.LanguageColors;
import dev.moescope.viz.curves.LayerCurves;

import dev.moescope.app.common.BackgroundWork;
import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LayerwiseProfile;
import dev.moescope.routing.analysis.RoutingStats;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Curves across depth per language: exclusive and shared experts, router entropy, JSD to a reference language
 * (English by default). k and thr are the heatmap tab's (bound in AppContext). */
public final class LayersViewModel {
    public enum Metric { EXCLUSIVE, SHARED, ENTROPY, JSD }

    private final BackgroundWork work;
    private final Consumer<Throwable> onError;
    private final ObjectProperty<Metric> metric = new SimpleObjectProperty<>(Metric.EXCLUSIVE);
    private final IntegerProperty k = new SimpleIntegerProperty(ExpertClassification.DEFAULT_TOP_K);
    private final DoubleProperty threshold = new SimpleDoubleProperty(ExpertClassification.DEFAULT_THRESHOLD);
    private final StringProperty reference = new SimpleStringProperty(LayerwiseProfile.DEFAULT_REFERENCE);
    private final ObservableList<String> languages = FXCollections.observableArrayList();
    private final ObjectProperty<LayerwiseProfile> profile = new SimpleObjectProperty<>();
    private final BooleanProperty entropyRecorded = new SimpleBooleanProperty(true);
    private final StringProperty missingNote = new SimpleStringProperty("");
    private RoutingStats stats;
    private long version;

    public LayersViewModel(BackgroundWork work, Consumer<Throwable> onError) {
        this.work = work;
        this.onError = onError;
        for (Observable o : List.of(k, threshold, reference)) {
            o.addListener(x -> recompute());
        }
        for (Observable o : List.of(metric, entropyRecorded)) {
            o.addListener(x -> missingNote.set(metric.get() == Metric.ENTROPY && !entropyRecorded.get()
                    ? "Router entropy was not recorded: these statistics come from a remote engine (vLLM / SGLang), which "
                    + "returns expert ids only. Exclusive and shared experts and JSD are exact." : ""));
        }
    }

    public ObjectProperty<Metric> metricProperty() { return metric; }
    public IntegerProperty kProperty() { return k; }
    public DoubleProperty thresholdProperty() { return threshold; }
    /** Language the JSD curves are measured against (English by default, as in the paper). */
    public StringProperty referenceProperty() { return reference; }
    /** Languages of the current statistics (the choices for the reference). */
    public ObservableList<String> languages() { return languages; }
    public ObjectProperty<LayerwiseProfile> profileProperty() { return profile; }
    /** Why the chosen metric cannot be drawn (router entropy of an ids-only run), empty when it can. */
    public ReadOnlyStringProperty missingNoteProperty() { return missingNote; }

    public void setStats(RoutingStats s) {
        setStats(s, true);
    }

    /** {@code entropyRecorded} false: an ids-only run, whose entropy sums are absent rather than zero. */
    public void setStats(RoutingStats s, boolean entropyRecorded) {
        this.entropyRecorded.set(entropyRecorded);
        stats = s;
        profile.set(null); // the old statistics' curves never show beside the new ones
        languages.setAll(s == null ? List.of() : s.languages());
        recompute();
    }

    public void recompute() {
        RoutingStats s = stats;
        if (s == null) {
            version++; // a profile still being computed for the old statistics is dropped
            profile.set(null);
            return;
        }
        long v = ++version;
        String chosen = reference.get(); // null while the reference box's items are being replaced
        String ref = chosen != null && s.languages().contains(chosen) ? chosen
                : dev.moescope.resources.LanguageTable.demo().labelFor(s.languages(), LayerwiseProfile.DEFAULT_REFERENCE)
                        .orElse(s.languages().get(0)); // English, under whatever label the run uses
        int kk = k.get();
        double thr = threshold.get();
        work.run("Layer profile", () -> LayerwiseProfile.of(s, ref, kk, thr), p -> {
            if (v == version) {
                profile.set(p);
            }
        }, onError);
    }

    /** The curve of one language for the chosen metric (shared experts: the same curve for all). */
    /** The curves of one metric: a series per language (JSD: but the reference; shared experts: one for all). */
    public static LayerCurves curves(LayerwiseProfile p, Metric m, String title, String yLabel) {
        List<LayerCurves.Series> out = new java.util.ArrayList<>();
        if (m == Metric.SHARED) {
            out.add(new LayerCurves.Series(LanguageColors.ALL_LANGUAGES, series(p, p.languages().get(0), m)));
        } else {
            for (String lang : p.languages()) {
                if (m != Metric.JSD || !lang.equals(p.referenceLanguage())) {
                    out.add(new LayerCurves.Series(lang, series(p, lang, m)));
                }
            }
        }
        return new LayerCurves(title, yLabel, out, m == Metric.EXCLUSIVE || m == Metric.SHARED); // counts: integer axis
    }

    public static double[] series(LayerwiseProfile p, String language, Metric m) {
        int n = p.layers().size();
        double[] out = new double[n];
        int li = p.languages().indexOf(language);
        for (int i = 0; i < n; i++) {
            var layer = p.layers().get(i);
            out[i] = switch (m) {
                case EXCLUSIVE -> layer.exclusiveCount()[li];
                case SHARED -> layer.sharedCount();
                case ENTROPY -> layer.meanRouterEntropy()[li];
                case JSD -> layer.jsdToReference()[li];
            };
        }
        return out;
    }
}
