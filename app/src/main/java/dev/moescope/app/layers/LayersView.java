package dev.moescope.app.layers;

import static dev.moescope.app.common.Controls.tip;

import dev.moescope.app.common.Charts;
import dev.moescope.app.common.LanguageColors;
import dev.moescope.app.common.Theme;
import dev.moescope.routing.analysis.LayerwiseProfile;
import dev.moescope.viz.curves.LayerCurves;
import dev.moescope.viz.curves.LayerCurvesChart;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

/** The layers tab: one metric across depth, one curve per language. */
public final class LayersView extends BorderPane {
    private final LayersViewModel vm;
    private final LayerCurvesChart chart = new LayerCurvesChart();

    public LayersView(LayersViewModel vm, ObjectProperty<Theme> theme, Consumer<Throwable> onError) {
        this.vm = vm;
        getStyleClass().add("layers-view");
        chart.setId("layer-curves");
        chart.setSeriesColors(LanguageColors.shared()::language); // a language's colour in every chart
        ChoiceBox<LayersViewModel.Metric> metric = tip(new ChoiceBox<>(), "What to plot across the MoE layers");
        metric.setId("layers-metric");
        metric.getItems().setAll(LayersViewModel.Metric.values());
        metric.setConverter(new StringConverter<>() {
            @Override public String toString(LayersViewModel.Metric m) { return m == null ? "" : label(m); }
            @Override public LayersViewModel.Metric fromString(String s) { return null; }
        });
        metric.valueProperty().bindBidirectional(vm.metricProperty());
        ComboBox<String> reference = tip(new ComboBox<>(vm.languages()), "Reference language of the JSD curves (the paper uses English)");
        reference.setId("layers-reference");
        reference.valueProperty().bindBidirectional(vm.referenceProperty());
        Label referenceLabel = new Label("to");
        for (var n : List.of(reference, referenceLabel)) {
            n.visibleProperty().bind(vm.metricProperty().isEqualTo(LayersViewModel.Metric.JSD));
            n.managedProperty().bind(n.visibleProperty());
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, metric, referenceLabel, reference, spacer, Charts.wire(chart, theme, onError));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        setTop(bar);
        setCenter(chart);
        Label missing = new Label();
        missing.setId("layers-missing");
        missing.setWrapText(true);
        missing.setPadding(new Insets(24));
        missing.textProperty().bind(vm.missingNoteProperty());
        vm.missingNoteProperty().addListener((o, a, note) -> setCenter(note.isEmpty() ? chart : missing));
        vm.profileProperty().addListener(o -> show());
        vm.metricProperty().addListener(o -> show());
        show();
    }

    static String label(LayersViewModel.Metric m) {
        return switch (m) {
            case EXCLUSIVE -> "Language-exclusive experts";
            case SHARED -> "Shared experts";
            case ENTROPY -> "Mean router entropy (nats)";
            case JSD -> "JSD to a reference language (bits)";
        };
    }

    /** The chart title: the metric, and what it depends on (reference language, or k and thr). */
    String title(LayersViewModel.Metric m, LayerwiseProfile p) {
        return switch (m) {
            case EXCLUSIVE, SHARED -> label(m) + " per MoE layer (k=" + vm.kProperty().get() + ", thr="
                    + vm.thresholdProperty().get() + ")";
            case ENTROPY -> label(m) + " per MoE layer";
            case JSD -> "JSD to " + p.referenceLanguage() + " (bits) per MoE layer";
        };
    }

    private void show() {
        LayerwiseProfile p = vm.profileProperty().get();
        if (p == null) {
            return;
        }
        LayersViewModel.Metric m = vm.metricProperty().get();
        chart.show(LayersViewModel.curves(p, m, title(m, p), label(m)));
    }
}
