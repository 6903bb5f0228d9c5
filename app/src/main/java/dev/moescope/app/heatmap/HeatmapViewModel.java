package dev.moescope.app.heatmap;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.LanguageRef;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.routing.analysis.ActivationFrequency;
import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LayerClassification;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.viz.heatmap.ExpertCategories;
import dev.moescope.viz.heatmap.LayerExpertValues;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.Observable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The layer x expert heatmap: activation frequency of one language, the difference of two, or the
 * exclusive/shared map for (k, thr). Each recomputation replaces the whole grid at once, so the chart
 * redraws once per change. Clicking a cell selects an {@link ExpertCard}.
 */
public final class HeatmapViewModel {
    public enum Mode { FREQUENCY, DIFFERENCE, EXCLUSIVE_SHARED }

    private final BackgroundWork work;
    private final Consumer<Throwable> onError;
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.FREQUENCY);
    private final StringProperty languageA = new SimpleStringProperty();
    private final StringProperty languageB = new SimpleStringProperty();
    private final IntegerProperty k = new SimpleIntegerProperty(ExpertClassification.DEFAULT_TOP_K);
    private final DoubleProperty threshold = new SimpleDoubleProperty(ExpertClassification.DEFAULT_THRESHOLD);
    private final ObservableList<String> languages = FXCollections.observableArrayList();
    private final ObjectProperty<LayerExpertValues> values = new SimpleObjectProperty<>();
    private final ObjectProperty<ExpertCategories> categories = new SimpleObjectProperty<>();
    private final ObjectProperty<ExpertCard> card = new SimpleObjectProperty<>();
    private final StringProperty summary = new SimpleStringProperty("");
    private RoutingStats stats;
    private Map<String, String> names = Map.of();
    private long version;

    private final ObjectProperty<Backend.ExpertDetails> details = new SimpleObjectProperty<>();
    private Function<int[], Backend.ExpertDetails> detailsSource;

    public HeatmapViewModel(BackgroundWork work, Consumer<Throwable> onError) {
        this.work = work;
        this.onError = onError;
        for (Observable o : List.of(mode, languageA, languageB, k, threshold)) {
            o.addListener(x -> recompute());
        }
        for (Observable o : List.of(k, threshold)) {
            o.addListener(x -> reclassifyCard()); // an open card states the classification of the current k and thr
        }
    }

    public ObjectProperty<Mode> modeProperty() { return mode; }
    public StringProperty languageAProperty() { return languageA; }
    public StringProperty languageBProperty() { return languageB; }
    public IntegerProperty kProperty() { return k; }
    public DoubleProperty thresholdProperty() { return threshold; }
    public ObservableList<String> languages() { return languages; }
    /** The grid for the frequency and difference modes (null in the exclusive/shared mode). */
    public ObjectProperty<LayerExpertValues> valuesProperty() { return values; }
    /** The grid for the exclusive/shared mode (null otherwise). */
    public ObjectProperty<ExpertCategories> categoriesProperty() { return categories; }
    public ObjectProperty<ExpertCard> cardProperty() { return card; }
    /** Top tokens and co-activated experts of the card's expert (loaded after the card opens). */
    public ObjectProperty<Backend.ExpertDetails> detailsProperty() { return details; }

    /** Where card details come from: (decoder layer, expert) -> details from the stored traces. */
    public void setDetailsSource(Function<int[], Backend.ExpertDetails> source) {
        this.detailsSource = source;
    }
    public StringProperty summaryProperty() { return summary; }
    public RoutingStats stats() { return stats; }

    /** New statistics: keeps the chosen languages when they are still there. */
    public void setStats(RoutingStats s, List<LanguageRef> table) {
        this.stats = s;
        this.names = table.stream().collect(java.util.stream.Collectors.toMap(LanguageRef::code, LanguageRef::name, (a, b) -> a));
        List<String> langs = s == null ? List.of() : s.languages();
        languages.setAll(langs);
        if (languageA.get() == null || !langs.contains(languageA.get())) {
            languageA.set(langs.isEmpty() ? null : langs.contains("en") ? "en" : langs.get(0));
        }
        if (languageB.get() == null || !langs.contains(languageB.get()) || languageB.get().equals(languageA.get())) {
            languageB.set(langs.stream().filter(l -> !l.equals(languageA.get())).findFirst().orElse(null));
        }
        card.set(null);
        details.set(null);
        recompute();
    }

    private void reclassifyCard() {
        ExpertCard c = card.get();
        RoutingStats s = stats;
        if (c != null && s != null) {
            int li = java.util.Arrays.stream(s.moeLayers()).boxed().toList().indexOf(c.decoderLayer());
            if (li >= 0 && c.expert() < s.numExperts()) {
                card.set(ExpertCard.of(s, li, c.expert(), k.get(), threshold.get())); // details (tokens) do not depend on k
            } else {
                card.set(null);
            }
        }
    }

    /** Display name of a language code. */
    public String name(String code) {
        return names.getOrDefault(code, code);
    }

    /** Runs the analysis off the FX thread and publishes the grid; stale results are dropped. */
    public void recompute() {
        RoutingStats s = stats;
        if (s == null || languageA.get() == null) {
            version++; // a grid still being computed for the old statistics is dropped
            summary.set(s == null ? "No routing statistics for this model, corpus and languages yet: collect them in the sidebar" : "");
            values.set(null);
            categories.set(null);
            return;
        }
        long v = ++version;
        Mode m = mode.get();
        String a = languageA.get();
        String b = languageB.get();
        int kk = k.get();
        double thr = threshold.get();
        work.run("Heatmap", () -> compute(s, m, a, b, kk, thr), r -> {
            if (v != version) {
                return;
            }
            values.set(r instanceof LayerExpertValues lv ? lv : null);
            categories.set(r instanceof ExpertCategories ec ? ec : null);
            summary.set(describe(r));
        }, onError);
    }

    /** The analysis itself (pure; public for tests and the benchmark). */
    public static Object compute(RoutingStats s, Mode m, String a, String b, int k, double thr) {
        return switch (m) {
            case FREQUENCY -> new LayerExpertValues("Activation frequency: " + a, "frequency", frequencies(s, a));
            case DIFFERENCE -> {
                if (b == null) {
                    throw new IllegalArgumentException("the difference map needs two languages; collect a second one");
                }
                double[][] fa = frequencies(s, a);
                double[][] fb = frequencies(s, b);
                double[][] d = new double[fa.length][];
                for (int l = 0; l < fa.length; l++) {
                    d[l] = new double[fa[l].length];
                    for (int e = 0; e < fa[l].length; e++) {
                        d[l][e] = fa[l][e] - fb[l][e];
                    }
                }
                yield new LayerExpertValues("Frequency difference: " + a + " - " + b, "difference", d);
            }
            case EXCLUSIVE_SHARED -> exclusiveShared(s, k, thr);
        };
    }

    static double[][] frequencies(RoutingStats s, String lang) {
        int li = s.languageIndex(lang);
        double[][] out = new double[s.numLayers()][];
        for (int l = 0; l < s.numLayers(); l++) {
            out[l] = ActivationFrequency.frequencies(s, li, l);
        }
        return out;
    }

    /**
     * Every cell lists ALL languages the expert is exclusive to: with thr &lt; 0.5 an expert can be
     * exclusive to several, and the map must not show just one of them.
     */
    static ExpertCategories exclusiveShared(RoutingStats s, int k, double thr) {
        List<LayerClassification> layers = ExpertClassification.classify(s, k, thr);
        List<String> langs = s.languages();
        int[][][] cells = new int[layers.size()][s.numExperts()][]; // [layer][expert][languages or SHARED/UNUSED]
        for (int l = 0; l < layers.size(); l++) {
            LayerClassification c = layers.get(l);
            List<List<Integer>> exclusiveTo = new ArrayList<>(); // [expert] language indices, increasing
            for (int e = 0; e < s.numExperts(); e++) {
                exclusiveTo.add(new ArrayList<>());
            }
            for (int li = 0; li < langs.size(); li++) {
                for (int e : c.exclusiveExperts().getOrDefault(langs.get(li), List.of())) {
                    exclusiveTo.get(e).add(li);
                }
            }
            for (int e = 0; e < s.numExperts(); e++) {
                cells[l][e] = !exclusiveTo.get(e).isEmpty() ? exclusiveTo.get(e).stream().mapToInt(Integer::intValue).toArray()
                        : new int[] {c.sharedExperts().contains(e) ? ExpertCategories.SHARED : ExpertCategories.UNUSED};
            }
        }
        return new ExpertCategories("Exclusive and shared experts (k=" + k + ", thr=" + thr + ")", langs, cells);
    }

    /** Opens the expert card of a clicked cell ({@code layerIndex} counts MoE layers from 0). */
    public void select(int layerIndex, int expert) {
        RoutingStats s = stats;
        if (s == null || layerIndex < 0 || layerIndex >= s.numLayers() || expert < 0 || expert >= s.numExperts()) {
            return;
        }
        ExpertCard c = ExpertCard.of(s, layerIndex, expert, k.get(), threshold.get());
        card.set(c);
        details.set(null);
        Function<int[], Backend.ExpertDetails> src = detailsSource;
        if (src != null) {
            work.run("Expert details", () -> src.apply(new int[] {c.decoderLayer(), c.expert()}), d -> {
                ExpertCard open = card.get();
                if (stats == s && open != null && open.decoderLayer() == c.decoderLayer() && open.expert() == c.expert()) {
                    details.set(d);
                }
            }, onError);
        }
    }

    private String describe(Object r) {
        if (r instanceof ExpertCategories ec) {
            long several = ec.exclusiveCells(2);
            String kNote = k.get() >= ec.experts() ? " · k=" + k.get() + " ≥ " + ec.experts() + " experts per layer: each "
                    + "language's top-k holds every expert it uses, so only experts no other language uses are exclusive (lower k)" : "";
            return ec.exclusiveCells(1) + " exclusive and " + ec.sharedCells() + " shared expert slots over "
                    + ec.layers() + " layers" + (several == 0 ? "" : " (" + several + " of the exclusive ones "
                    + (several == 1 ? "is" : "are") + " exclusive to 2+ languages at once)") + kNote;
        }
        LayerExpertValues lv = (LayerExpertValues) r;
        List<double[]> top = new ArrayList<>();
        for (int l = 0; l < lv.layers(); l++) {
            for (int e = 0; e < lv.experts(); e++) {
                top.add(new double[] {l, e, lv.values()[l][e]});
            }
        }
        double[] max = top.stream().max(Comparator.comparingDouble(x -> Math.abs(x[2]))).orElse(new double[] {0, 0, 0});
        return lv.title() + " · largest |value| " + String.format("%.3f", max[2]) + " at layer "
                + stats.moeLayers()[(int) max[0]] + ", expert " + (int) max[1];
    }
}
