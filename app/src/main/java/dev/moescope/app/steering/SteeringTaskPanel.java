package dev.moescope.app.steering;

import static dev.moescope.app.common.Controls.tip;

import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/** The steering tab's task panel: metric, task file, evaluate; a table of the metric unsteered and steered. */
public final class SteeringTaskPanel extends TitledPane {

    public SteeringTaskPanel(SteeringTaskViewModel vm) {
        setText("Evaluate the current steering on a task file");
        setExpanded(false);
        getStyleClass().add("steering-task-panel");
        ChoiceBox<String> metric = tip(new ChoiceBox<>(vm.metricChoices()), "mc-*: multiple-choice accuracy by "
                + "log-likelihood (summed, per token, per byte); exact-match, substring-match, language-consistency: "
                + "generation with the paper's sampling; see docs/task-metrics.md");
        metric.setId("steering-task-metric");
        metric.valueProperty().bindBidirectional(vm.metricProperty());
        Button file = tip(new Button("Task file..."), "JSONL task records (Belebele fields for multiple choice; "
                + "prompt, references, lang for generation)");
        file.setId("steering-task-file");
        file.textProperty().bind(vm.taskFileProperty().map(p -> p.getFileName().toString()).orElse("Task file..."));
        file.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("Task records (JSONL)");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("JSON lines", "*.jsonl", "*.json"));
            java.io.File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                vm.taskFileProperty().set(f.toPath());
            }
        });
        Button run = tip(new Button("Evaluate"), "The metric per language without and with the current steering; "
                + "results are cached (shared with moescope steer-eval --metric)");
        run.setId("steering-task-evaluate");
        run.setOnAction(e -> vm.evaluate());
        run.disableProperty().bind(vm.runningProperty());
        Button cancel = tip(new Button("Cancel"), "Stop after the current batch; finished languages stay cached");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.runningProperty().not());
        Label status = new Label();
        status.getStyleClass().add("status-line");
        status.textProperty().bind(vm.statusProperty());
        HBox bar = new HBox(8, metric, file, run, cancel, status);
        bar.setAlignment(Pos.CENTER_LEFT);

        TableView<SteeringTaskViewModel.Row> table = new TableView<>(vm.rows());
        table.setId("steering-task-table");
        table.setPrefHeight(150);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("Language", SteeringTaskViewModel.Row::lang));
        table.getColumns().add(column("Records", r -> Integer.toString(r.records())));
        table.getColumns().add(column("Unsteered", r -> format(r.unsteered())));
        table.getColumns().add(column("Steered", r -> format(r.steered())));
        table.getColumns().add(column("Change", r -> Double.isNaN(r.delta()) ? "–" : String.format(Locale.ROOT, "%+.3f", r.delta())));
        VBox box = new VBox(6, bar, table);
        box.setPadding(new Insets(6));
        setContent(box);
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static TableColumn<SteeringTaskViewModel.Row, String> column(String name,
            Function<SteeringTaskViewModel.Row, String> value) {
        TableColumn<SteeringTaskViewModel.Row, String> c = new TableColumn<>(name);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }
}
