package dev.moescope.app.languages;

import dev.moescope.app.backend.LanguageRef;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.resources.LanguageLabels;
import dev.moescope.routing.analysis.ClusterAgreement;
import dev.moescope.routing.analysis.Dendrogram;
import dev.moescope.routing.analysis.DistanceMatrix;
import dev.moescope.routing.analysis.HierarchicalClustering;
import dev.moescope.routing.analysis.LanguageDistances;
import dev.moescope.routing.analysis.Linkage;
import dev.moescope.routing.analysis.RoutingStats;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Language clustering: distances between the languages' routing over a band of MoE layers, the
 * dendrogram for a linkage, a cut into clusters, and how well the clusters agree with families.
 */
public final class LanguagesViewModel {
    /** Everything the tab shows for one (band, linkage, measure). */
    public record Result(DistanceMatrix distances, Dendrogram tree, ClusterAgreement.FamilyAgreement agreement,
            double copheneticCorrelation) {}

    private final BackgroundWork work;
    private final Consumer<Throwable> onError;
    /** Band as indices into the MoE layers, inclusive. */
    private final IntegerProperty bandLow = new SimpleIntegerProperty(0);
    private final IntegerProperty bandHigh = new SimpleIntegerProperty(0);
    private final ObjectProperty<Linkage> linkage = new SimpleObjectProperty<>(Linkage.AVERAGE);
    private final ObjectProperty<LanguageDistances.Measure> measure = new SimpleObjectProperty<>(LanguageDistances.Measure.JENSEN_SHANNON);
    private final IntegerProperty clusters = new SimpleIntegerProperty(3);
    private final ObjectProperty<Result> result = new SimpleObjectProperty<>();
    private final IntegerProperty layerCount = new SimpleIntegerProperty(0);
    private RoutingStats stats;
    private Map<String, String> familyOf = Map.of();
    private long version;

    public LanguagesViewModel(BackgroundWork work, Consumer<Throwable> onError) {
        this.work = work;
        this.onError = onError;
        for (Observable o : List.of(bandLow, bandHigh, linkage, measure)) {
            o.addListener(x -> recompute());
        }
    }

    public IntegerProperty bandLowProperty() { return bandLow; }
    public IntegerProperty bandHighProperty() { return bandHigh; }
    public ObjectProperty<Linkage> linkageProperty() { return linkage; }
    public ObjectProperty<LanguageDistances.Measure> measureProperty() { return measure; }
    /** Number of clusters the cut slider asks for. */
    public IntegerProperty clustersProperty() { return clusters; }
    public ObjectProperty<Result> resultProperty() { return result; }
    public IntegerProperty layerCountProperty() { return layerCount; }
    public Map<String, String> familyOf() { return familyOf; }
    public RoutingStats stats() { return stats; }

    public void setStats(RoutingStats s, List<LanguageRef> table) {
        stats = s;
        result.set(null); // the old statistics' tree never shows beside the new ones
        Map<String, String> f = new HashMap<>();
        table.forEach(l -> f.put(l.code(), l.family()));
        familyOf = f;
        int n = s == null ? 0 : s.numLayers();
        layerCount.set(n);
        bandLow.set(0);
        bandHigh.set(Math.max(0, n - 1));
        if (s != null) {
            long families = s.languages().stream().map(l -> agreementFamily(f, l)).distinct().count();
            clusters.set((int) Math.max(1, Math.min(s.numLanguages(), Math.max(families, Math.min(3, s.numLanguages())))));
        }
        recompute();
    }

    public void recompute() {
        RoutingStats s = stats;
        if (s == null || s.numLanguages() < 2) {
            version++; // a tree still being computed for the old statistics is dropped
            result.set(null);
            return;
        }
        long v = ++version;
        int lo = s.moeLayers()[Math.min(bandLow.get(), s.numLayers() - 1)];
        int hi = s.moeLayers()[Math.min(Math.max(bandLow.get(), bandHigh.get()), s.numLayers() - 1)];
        Linkage link = linkage.get();
        LanguageDistances.Measure m = measure.get();
        Map<String, String> fam = familyOf;
        work.run("Clustering languages", () -> compute(s, lo, hi, link, m, fam), r -> {
            if (v == version) {
                result.set(r);
            }
        }, onError);
    }

    /** The analysis (pure, for tests). {@code lo}/{@code hi} are decoder layers. */
    public static Result compute(RoutingStats s, int lo, int hi, Linkage link, LanguageDistances.Measure m,
            Map<String, String> familyOf) {
        DistanceMatrix d = LanguageDistances.compute(s, lo, hi, m);
        Dendrogram tree = HierarchicalClustering.cluster(d, link);
        Map<String, String> fam = new HashMap<>();
        s.languages().forEach(l -> fam.put(l, agreementFamily(familyOf, l)));
        return new Result(d, tree, ClusterAgreement.withFamilies(tree, fam), ClusterAgreement.copheneticCorrelation(d, tree));
    }

    /** A language's family for agreement scores; a label of unknown family is a group of its own. */
    static String agreementFamily(Map<String, String> familyOf, String label) {
        String family = familyOf.get(label);
        return family == null || family.equals(LanguageLabels.UNKNOWN) ? LanguageLabels.UNKNOWN + ": " + label : family;
    }
}
