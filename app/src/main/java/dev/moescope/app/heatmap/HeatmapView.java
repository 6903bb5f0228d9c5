package dev.moescope.app.heatmap;

import static dev.moescope.app.common.Controls.tip;

import dev.moescope.app.common.Charts;
import dev.moescope.app.common.Theme;
import dev.moescope.viz.UncachedScrollPane;
import dev.moescope.viz.heatmap.LayerExpertHeatmap;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.StringConverter;

/** The heatmap tab: controls on top, the layer x expert map, and the expert card of a clicked cell. */
public final class HeatmapView extends BorderPane {
    private final HeatmapViewModel vm;
    private final LayerExpertHeatmap chart = new LayerExpertHeatmap();

    public HeatmapView(HeatmapViewModel vm, ObjectProperty<Theme> theme, Consumer<Throwable> onError) {
        this.vm = vm;
        getStyleClass().add("heatmap-view");
        chart.setId("layer-expert-heatmap");
        chart.setCategoryColors(dev.moescope.app.common.LanguageColors.shared()::language); // one colour per language, every chart
        chart.setOnExpertClicked(vm::select);
        chart.setCellText((l, e, v) -> vm.stats() == null || l >= vm.stats().numLayers() ? null
                : "decoder layer " + vm.stats().moeLayers()[l] + " · click for the expert card");
        HBox export = Charts.wire(chart, theme, onError);
        setTop(controls(export));
        setCenter(chart);
        ExpertCardView card = new ExpertCardView(vm);
        ScrollPane cardScroll = new UncachedScrollPane(card);
        cardScroll.setFitToWidth(true);
        cardScroll.setPrefViewportWidth(260);
        cardScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        setRight(cardScroll);
        Label summary = new Label();
        summary.getStyleClass().add("status-line");
        summary.textProperty().bind(vm.summaryProperty());
        summary.setWrapText(true); // a long summary (e.g. why nothing is exclusive) takes a second line
        setBottom(summary);
        vm.valuesProperty().addListener((o, a, v) -> show());
        vm.categoriesProperty().addListener((o, a, c) -> show());
        show();
    }

    /** Draws the current grid: one chart install per change (a single redraw). */
    private void show() {
        if (vm.categoriesProperty().get() != null) {
            chart.showCategorical(vm.categoriesProperty().get());
        } else if (vm.valuesProperty().get() != null) {
            var v = vm.valuesProperty().get();
            if (vm.modeProperty().get() == HeatmapViewModel.Mode.DIFFERENCE) {
                chart.showDiverging(v, Double.NaN);
            } else {
                chart.showSequential(v, Double.NaN);
            }
        }
    }

    public LayerExpertHeatmap chart() {
        return chart;
    }

    private HBox controls(HBox export) {
        ChoiceBox<HeatmapViewModel.Mode> mode = tip(new ChoiceBox<>(), "Frequency of one language, difference of two, "
                + "or the exclusive/shared map (exclusive cells take their language's colour, a cell exclusive to "
                + "several languages is split diagonally into their colours, shared cells grey)");
        mode.setId("heatmap-mode");
        mode.getItems().setAll(HeatmapViewModel.Mode.values());
        mode.setConverter(new StringConverter<>() {
            @Override public String toString(HeatmapViewModel.Mode m) {
                return m == null ? "" : switch (m) {
                    case FREQUENCY -> "Activation frequency";
                    case DIFFERENCE -> "Difference A - B";
                    case EXCLUSIVE_SHARED -> "Exclusive / shared";
                };
            }
            @Override public HeatmapViewModel.Mode fromString(String s) { return null; }
        });
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        ComboBox<String> a = language("Language A: the language whose routing is shown", vm.languageAProperty());
        a.setId("heatmap-lang-a");
        ComboBox<String> b = language("Language B: subtracted from A in the difference map", vm.languageBProperty());
        b.visibleProperty().bind(vm.modeProperty().isEqualTo(HeatmapViewModel.Mode.DIFFERENCE));
        b.managedProperty().bind(b.visibleProperty());
        a.visibleProperty().bind(vm.modeProperty().isNotEqualTo(HeatmapViewModel.Mode.EXCLUSIVE_SHARED));
        a.managedProperty().bind(a.visibleProperty());
        Spinner<Integer> k = tip(new Spinner<>(1, 512, vm.kProperty().get()), "k: each language's top-k experts per layer "
                + "count as used by it");
        k.setEditable(true);
        k.setId("heatmap-k");
        k.setPrefWidth(80);
        k.valueProperty().addListener((o, x, y) -> vm.kProperty().set(y));
        // k also changes without the spinner (it follows the open model's expert count): the spinner shows it
        vm.kProperty().addListener((o, x, y) -> {
            if (!y.equals(k.getValue())) {
                k.getValueFactory().setValue(y.intValue());
            }
        });
        Spinner<Double> thr = tip(new Spinner<>(0.0, 1.0, vm.thresholdProperty().get(), 0.05), "thr: share of an expert's "
                + "use above which it counts as exclusive to a language");
        thr.setEditable(true);
        thr.setPrefWidth(80);
        thr.valueProperty().addListener((o, x, y) -> vm.thresholdProperty().set(y));
        vm.thresholdProperty().addListener((o, x, y) -> {
            if (!y.equals(thr.getValue())) {
                thr.getValueFactory().setValue(y.doubleValue());
            }
        });
        HBox kt = new HBox(6, new Label("k"), k, new Label("thr"), thr);
        kt.setAlignment(Pos.CENTER_LEFT);
        kt.visibleProperty().bind(vm.modeProperty().isEqualTo(HeatmapViewModel.Mode.EXCLUSIVE_SHARED));
        kt.managedProperty().bind(kt.visibleProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8, mode, a, b, kt, spacer, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        return bar;
    }

    private ComboBox<String> language(String tooltip, javafx.beans.property.StringProperty prop) {
        ComboBox<String> box = tip(new ComboBox<>(vm.languages()), tooltip);
        box.valueProperty().bindBidirectional(prop);
        box.setConverter(new StringConverter<>() {
            @Override public String toString(String code) { return code == null ? "" : vm.name(code) + " (" + code + ")"; }
            @Override public String fromString(String s) { return null; }
        });
        return box;
    }
}
