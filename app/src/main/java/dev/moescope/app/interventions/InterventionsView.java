package dev.moescope.app.interventions;

import static dev.moescope.app.common.Controls.tip;

import dev.moescope.app.common.Charts;
import dev.moescope.app.common.Theme;
import dev.moescope.routing.analysis.LabeledMatrix;
import dev.moescope.viz.matrix.LabelledMatrix;
import dev.moescope.viz.matrix.MatrixHeatmap;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;
import org.controlsfx.control.CheckComboBox;
import org.controlsfx.control.RangeSlider;

/** The interventions tab: what to mask, where, which metric, run; the change matrix as a heatmap. */
public final class InterventionsView extends BorderPane {
    private final InterventionsViewModel vm;
    private final MatrixHeatmap chart = new MatrixHeatmap();

    public InterventionsView(InterventionsViewModel vm, ObjectProperty<Theme> theme, Consumer<Throwable> onError) {
        this.vm = vm;
        getStyleClass().add("interventions-view");
        chart.setId("intervention-matrix");
        chart.setCellFormat("%+.3f");
        // the box keeps its own copy of the items: its checks are cleared before the items change (checks of items
        // that were removed made CheckComboBox's check model throw IndexOutOfBounds on a model switch)
        javafx.collections.ObservableList<String> items = javafx.collections.FXCollections.observableArrayList(vm.availableTargets());
        CheckComboBox<String> targets = tip(new CheckComboBox<>(items), "Rows: mask the exclusive experts "
                + "of each checked language, or the shared experts");
        targets.setTitle("Mask");
        targets.setShowCheckedCount(true);
        boolean[] syncing = {false};
        Runnable push = () -> {
            syncing[0] = true;
            try {
                targets.getCheckModel().clearChecks();
                vm.targets().forEach(t -> targets.getCheckModel().check(t));
            } finally {
                syncing[0] = false;
            }
        };
        vm.availableTargets().addListener((ListChangeListener<String>) c -> {
            syncing[0] = true;
            try {
                targets.getCheckModel().clearChecks();
                items.setAll(vm.availableTargets());
            } finally {
                syncing[0] = false;
            }
            push.run();
        });
        vm.targets().addListener((ListChangeListener<String>) c -> {
            if (!syncing[0]) {
                push.run();
            }
        });
        targets.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c -> {
            if (!syncing[0]) {
                syncing[0] = true;
                try {
                    vm.targets().setAll(targets.getCheckModel().getCheckedItems());
                } finally {
                    syncing[0] = false;
                }
            }
        });
        push.run();
        ChoiceBox<InterventionsViewModel.Band> band = tip(new ChoiceBox<>(), "Layer band: the paper's ranges (0-4, 22-26, "
                + "43-47 of 48, scaled to the model's depth), the early, middle or late quarter of the MoE layers, or a custom range");
        band.getItems().setAll(InterventionsViewModel.Band.values());
        band.valueProperty().bindBidirectional(vm.bandProperty());
        RangeSlider custom = tip(new RangeSlider(0, 1, 0, 1), "Custom band of MoE layers");
        custom.setPrefWidth(160);
        custom.setSnapToTicks(true);
        custom.setMajorTickUnit(1);
        custom.maxProperty().bind(vm.customHighProperty().greaterThan(0).map(b -> (double) Math.max(1, vm.customHighProperty().get())));
        custom.lowValueProperty().addListener((o, a, b) -> vm.customLowProperty().set((int) Math.round(b.doubleValue())));
        custom.highValueProperty().addListener((o, a, b) -> vm.customHighProperty().set((int) Math.round(b.doubleValue())));
        custom.visibleProperty().bind(vm.bandProperty().isEqualTo(InterventionsViewModel.Band.CUSTOM));
        custom.managedProperty().bind(custom.visibleProperty());
        ChoiceBox<String> metric = tip(new ChoiceBox<>(vm.metricChoices()), "What is measured: bpb on the held-out text, "
                + "or on a task file: multiple-choice accuracy (mc-*: summed, per-token or per-byte log-probability) or "
                + "generation metrics (the paper's sampling); see docs/task-metrics.md");
        metric.setId("interventions-metric");
        metric.valueProperty().bindBidirectional(vm.metricProperty());
        Button taskFile = tip(new Button("Task file..."), "JSONL task records (Belebele fields for multiple choice; "
                + "prompt, references, lang for generation)");
        taskFile.setId("interventions-task-file");
        taskFile.textProperty().bind(vm.taskFileProperty().map(p -> p.getFileName().toString()).orElse("Task file..."));
        taskFile.visibleProperty().bind(vm.metricProperty().isNotEqualTo(InterventionsViewModel.BPB));
        taskFile.managedProperty().bind(taskFile.visibleProperty());
        taskFile.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Task records (JSONL)");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON lines", "*.jsonl", "*.json"));
            java.io.File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                vm.taskFileProperty().set(f.toPath());
            }
        });
        Button run = tip(new Button("Run"), "Evaluate the chosen metric on every language with and without "
                + "the mask; results are cached (shared with moescope intervene)");
        run.setId("interventions-run");
        run.setOnAction(e -> vm.run());
        run.disableProperty().bind(vm.runningProperty());
        Button cancel = tip(new Button("Cancel"), "Stop after the current sample; finished conditions stay cached");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        Label classification = tip(new Label(), "Exclusive and shared experts use the Heatmap tab's k and thr");
        classification.textProperty().bind(Bindings.format(Locale.ROOT, "k=%d · thr=%.2f", vm.kProperty(), vm.thresholdProperty()));
        ProgressBar progress = tip(new ProgressBar(0), "Held-out samples evaluated (cached ones count at once)");
        progress.progressProperty().bind(vm.progressProperty());
        // a flow, not a row: at 1024 px the controls wrap onto a second line instead of truncating their labels
        javafx.scene.layout.FlowPane bar = new javafx.scene.layout.FlowPane(8, 6, targets, band, custom, classification, metric,
                taskFile, run, cancel, progress, Charts.wire(chart, theme, onError));
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        setTop(bar);
        Label empty = new Label();
        empty.setId("interventions-empty");
        empty.setWrapText(true);
        empty.getStyleClass().add("empty-explanation");
        empty.textProperty().bind(Bindings.createStringBinding(() -> vm.statusProperty().get().isEmpty()
                ? "Pick targets and a band, then press Run: each row masks one target's experts, each column is an "
                        + "evaluated language" : vm.statusProperty().get(), vm.statusProperty()));
        // no matrix (none run yet, or the model, corpus or languages changed): say why instead of an old one
        chart.visibleProperty().bind(vm.resultProperty().isNotNull());
        empty.visibleProperty().bind(vm.resultProperty().isNull());
        setCenter(new javafx.scene.layout.StackPane(chart, empty));
        Label status = new Label();
        status.getStyleClass().add("status-line");
        status.textProperty().bind(vm.statusProperty());
        setBottom(status);
        vm.resultProperty().addListener((o, a, m) -> show(m));
    }

    private void show(LabeledMatrix m) {
        if (m == null) {
            return;
        }
        chart.showDiverging(shown(m, vm.titleProperty().get(), vm.resultMetricProperty().get()), Double.NaN);
    }

    /** The chart's matrix: rows the masked experts, columns the evaluated languages, the value with its unit. */
    static LabelledMatrix shown(LabeledMatrix m, String title, String metric) {
        boolean bpb = InterventionsViewModel.BPB.equals(metric);
        String valueName = bpb ? "change in bits per byte" : "change in " + metric;
        return new LabelledMatrix(title, valueName, m.rowLabels(), m.columnLabels(), m.values(),
                "masked experts", "evaluated language", bpb ? "bits/byte" : metric.startsWith("mc-") ? "(accuracy, 0-1)" : "");
    }
}
