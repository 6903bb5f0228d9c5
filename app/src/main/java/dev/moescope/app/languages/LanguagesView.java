package dev.moescope.app.languages;

import static dev.moescope.app.common.Controls.tip;

import dev.moescope.app.common.Charts;
import dev.moescope.app.common.Theme;
import dev.moescope.routing.analysis.DistanceMatrix;
import dev.moescope.routing.analysis.LanguageDistances;
import dev.moescope.routing.analysis.Linkage;
import dev.moescope.viz.matrix.LabelledMatrix;
import dev.moescope.viz.matrix.MatrixHeatmap;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.controlsfx.control.RangeSlider;

/** The languages tab: dendrogram with a cut, the similarity matrix, and family agreement scores. */
public final class LanguagesView extends BorderPane {
    private final LanguagesViewModel vm;
    private final MatrixHeatmap matrix = new MatrixHeatmap();
    private final DendrogramPane dendrogram;
    private final Label agreement = new Label();
    private final Label bandLabel = new Label();

    public LanguagesView(LanguagesViewModel vm, ObjectProperty<Theme> theme, Consumer<Throwable> onError) {
        this.vm = vm;
        getStyleClass().add("languages-view");
        matrix.setId("similarity-matrix");
        matrix.setCellFormat("%.2f");
        dendrogram = new DendrogramPane(vm, theme, onError);
        RangeSlider band = tip(new RangeSlider(0, 1, 0, 1), "Band of MoE layers whose routing is compared");
        band.setId("languages-band");
        band.setSnapToTicks(true);
        band.setMajorTickUnit(1);
        band.setPrefWidth(200);
        vm.layerCountProperty().addListener((o, a, n) -> {
            band.setMax(Math.max(1, n.intValue() - 1));
            band.setLowValue(0);
            band.setHighValue(Math.max(1, n.intValue() - 1));
        });
        band.lowValueChangingProperty().addListener((o, was, is) -> { if (!is) vm.bandLowProperty().set((int) Math.round(band.getLowValue())); });
        band.highValueChangingProperty().addListener((o, was, is) -> { if (!is) vm.bandHighProperty().set((int) Math.round(band.getHighValue())); });
        band.setOnMouseReleased(e -> {
            vm.bandLowProperty().set((int) Math.round(band.getLowValue()));
            vm.bandHighProperty().set((int) Math.round(band.getHighValue()));
        });
        ChoiceBox<Linkage> linkage = tip(new ChoiceBox<>(), "Linkage of the hierarchical clustering");
        linkage.getItems().setAll(Linkage.values());
        linkage.valueProperty().bindBidirectional(vm.linkageProperty());
        linkage.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(Linkage l) { return l == null ? "" : l.name().charAt(0) + l.name().substring(1).toLowerCase() + " linkage"; }
            @Override public Linkage fromString(String s) { return null; }
        });
        ChoiceBox<LanguageDistances.Measure> measure = tip(new ChoiceBox<>(), "Distance between two languages' routing "
                + "distributions");
        measure.getItems().setAll(LanguageDistances.Measure.values());
        measure.valueProperty().bindBidirectional(vm.measureProperty());
        measure.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(LanguageDistances.Measure m) {
                return m == null ? "" : m == LanguageDistances.Measure.COSINE ? "Cosine distance" : "Jensen-Shannon distance";
            }
            @Override public LanguageDistances.Measure fromString(String s) { return null; }
        });
        Slider cut = tip(new Slider(1, 10, vm.clustersProperty().get()), "Cut the tree into this many clusters");
        cut.setId("languages-cut");
        cut.setMajorTickUnit(1);
        cut.setSnapToTicks(true);
        cut.setPrefWidth(120);
        cut.valueProperty().addListener((o, a, b) -> vm.clustersProperty().set((int) Math.round(b.doubleValue())));
        vm.clustersProperty().addListener((o, a, b) -> cut.setValue(b.intValue()));
        Label cutValue = new Label();
        cutValue.textProperty().bind(vm.clustersProperty().asString("%d clusters"));
        vm.bandLowProperty().addListener(o -> updateBand());
        vm.bandHighProperty().addListener(o -> updateBand());
        HBox bar = new HBox(8, new Label("Layers"), band, bandLabel, linkage, measure, new Label("Cut"), cut, cutValue);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        setTop(bar);

        VBox right = new VBox(4, Charts.wire(matrix, theme, onError), matrix);
        VBox.setVgrow(matrix, javafx.scene.layout.Priority.ALWAYS);
        SplitPane split = new SplitPane(dendrogram, right);
        setCenter(split);
        agreement.getStyleClass().add("status-line");
        agreement.setId("family-agreement");
        setBottom(agreement);
        vm.resultProperty().addListener((o, a, r) -> show(r));
        vm.stats();
        vm.layerCountProperty().addListener((o, a, n) -> cut.setMax(Math.max(2, vm.stats() == null ? 2 : vm.stats().numLanguages())));
    }

    private void updateBand() {
        var s = vm.stats();
        if (s == null || s.numLayers() == 0) {
            bandLabel.setText("");
            return;
        }
        int lo = Math.min(vm.bandLowProperty().get(), s.numLayers() - 1);
        int hi = Math.min(vm.bandHighProperty().get(), s.numLayers() - 1);
        bandLabel.setText(s.moeLayers()[lo] + "-" + s.moeLayers()[hi]);
    }

    private void show(LanguagesViewModel.Result r) {
        if (r == null) {
            return;
        }
        DistanceMatrix d = r.distances();
        double[][] sim = new double[d.size()][d.size()];
        double max = 0;
        for (double[] row : d.values()) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        for (int i = 0; i < d.size(); i++) {
            for (int j = 0; j < d.size(); j++) {
                sim[i][j] = max == 0 ? 1 : 1 - d.get(i, j) / max;
            }
        }
        var order = r.tree().orderedLabels();
        double[][] ordered = new double[order.size()][order.size()];
        for (int i = 0; i < order.size(); i++) {
            for (int j = 0; j < order.size(); j++) {
                ordered[i][j] = sim[d.indexOf(order.get(i))][d.indexOf(order.get(j))];
            }
        }
        matrix.showSequential(new LabelledMatrix("Routing similarity (1 - distance / max), tree order", "similarity",
                order, order, ordered, "language", "language", ""), 0, 1);
        var fa = r.agreement();
        agreement.setText(String.format("Agreement with %d language families: ARI %.3f, purity %.3f · cophenetic correlation %.3f",
                fa.familyCount(), fa.adjustedRandIndex(), fa.purity(), r.copheneticCorrelation()));
    }
}
