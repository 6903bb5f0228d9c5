package dev.moescope.app.steering;

import static dev.moescope.app.common.Controls.tip;

import java.io.File;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import dev.moescope.viz.UncachedScrollPane;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckComboBox;
import org.controlsfx.control.RangeSlider;

/** The steering tab: prompt, band and per-layer sliders, master lambda, and the two live outputs. */
public final class SteeringView extends BorderPane {
    private final SteeringViewModel vm;
    private final HBox layerSliders = new HBox(2);
    private final RangeSlider band = new RangeSlider(0, 1, 0, 1);
    private final Label bandLabel = new Label();
    private final Consumer<Throwable> onError;
    private final Label status = new Label();

    public SteeringView(SteeringViewModel vm, Consumer<Throwable> onError) {
        this.vm = vm;
        this.onError = onError;
        getStyleClass().add("steering-view");
        setTop(controls());
        setCenter(new SteeringOutputPane(vm.output()));
        status.getStyleClass().add("status-line");
        status.textProperty().bind(vm.statusProperty());
        setBottom(status);
        vm.layerWeights().addListener((ListChangeListener<DoubleProperty>) c -> rebuildLayerSliders());
        rebuildLayerSliders();
    }

    /** Shows the task-evaluation panel above the status line. */
    public void setTaskPanel(SteeringTaskPanel panel) {
        setBottom(new VBox(4, panel, status));
    }

    private VBox controls() {
        TextField prompt = tip(new TextField(), "Prompt: both outputs continue it. Press Enter to regenerate now.");
        prompt.setId("steer-prompt");
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        prompt.setOnAction(e -> vm.commit());
        HBox.setHgrow(prompt, Priority.ALWAYS);
        Button cancel = tip(new Button("Stop"), "Stop the running generations");
        cancel.disableProperty().bind(vm.generatingProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Label promptLabel = new Label("Prompt");
        promptLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);   // the field shrinks, never the label
        cancel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        HBox top = new HBox(6, promptLabel, prompt, cancel);
        top.setAlignment(Pos.CENTER_LEFT);

        Button load = tip(new Button("Load..."), "Load a steering JSON file (the format the CLI reads)");
        load.setOnAction(e -> choose(false));
        load.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Button save = tip(new Button("Save..."), "Save the current steering as a JSON file the CLI can read (Ctrl+S)");
        save.setId("steer-save");
        save.setOnAction(e -> choose(true));
        save.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Label file = new Label();
        file.setId("steer-loaded-file");
        file.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> vm.loadedFileProperty().get().isEmpty()
                ? "" : "File: " + vm.loadedFileProperty().get(), vm.loadedFileProperty()));
        file.visibleProperty().bind(vm.loadedFileProperty().isNotEmpty());
        file.managedProperty().bind(file.visibleProperty());
        file.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        SteeringPresetBar presetRow = new SteeringPresetBar(vm);
        presetRow.getChildren().addAll(load, file, save);

        ChoiceBox<SteeringViewModel.Mode> mode = tip(new ChoiceBox<>(), "Shared among targets: s from the paper's rule (experts "
                + "shared among the targets, k 20, thr 0.7; s = the first target's share), as moescope steer-plan. Toward X: X's "
                + "exclusive experts (k 15 of 128 experts scaled to the model's experts; thr 0.4), s = X's share. Switch off X: X's exclusive experts masked. Manual: "
                + "per-expert logit biases. File: a loaded steering file.");
        mode.setId("steer-mode");
        mode.getItems().setAll(SteeringViewModel.Mode.values());
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        mode.setConverter(new StringConverter<>() {
            @Override public String toString(SteeringViewModel.Mode m) {
                return m == null ? "" : switch (m) {
                    case TARGET_LANGUAGES -> "Shared among targets";
                    case TOWARD_LANGUAGE -> "Toward X";
                    case SWITCH_OFF -> "Switch off X";
                    case MANUAL_BIAS -> "Manual bias";
                    case FILE -> "From file";
                };
            }
            @Override public SteeringViewModel.Mode fromString(String s) { return null; }
        });
        // the box owns its items: its check model indexes them, so they change only after its checks are cleared
        javafx.collections.ObservableList<String> targetItems =
                javafx.collections.FXCollections.observableArrayList(vm.availableLanguages());
        CheckComboBox<String> targets = tip(new CheckComboBox<>(targetItems),
                "Target languages, in order of checking: the first is T1, whose shares give s");
        targets.setId("steer-targets");
        syncChecks(targets, targetItems);
        targets.visibleProperty().bind(vm.modeProperty().isEqualTo(SteeringViewModel.Mode.TARGET_LANGUAGES));
        targets.managedProperty().bind(targets.visibleProperty());

        TextField manual = tip(new TextField(), "Manual biases: layer:expert=value, separated by commas (e.g. 12:5=2.0, 12:7=-1)");
        manual.setId("steer-manual");
        manual.setPromptText("layer:expert=bias, ...");
        manual.visibleProperty().bind(vm.modeProperty().isEqualTo(SteeringViewModel.Mode.MANUAL_BIAS));
        manual.managedProperty().bind(manual.visibleProperty());
        manual.setOnAction(e -> parseManual(manual.getText()));

        Slider lambda = tip(new Slider(0, 2, vm.lambdaProperty().get()), "Master lambda: scales the whole intervention (z' = z + lambda * s * |z|); a mask ignores it");
        lambda.setId("steer-lambda");
        lambda.valueProperty().bindBidirectional(vm.lambdaProperty());
        lambda.valueChangingProperty().addListener((o, was, is) -> { if (!is) vm.commit(); });
        lambda.setOnMouseReleased(e -> vm.commit());
        lambda.setPrefWidth(180);
        Label lambdaValue = new Label();
        lambdaValue.textProperty().bind(Bindings.format(java.util.Locale.ROOT, "lambda %.3f", vm.lambdaProperty()));
        lambdaValue.setId("steer-lambda-value");
        lambdaValue.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // never "lambda ..."

        tip(band, "Layer band: only MoE layers inside the band are steered");
        band.setId("steer-band");
        band.setShowTickMarks(false);
        band.setMajorTickUnit(1);
        band.setSnapToTicks(true);
        band.setBlockIncrement(1);
        band.setPrefWidth(220);
        band.lowValueProperty().addListener((o, a, b) -> vm.bandLowProperty().set((int) Math.round(b.doubleValue())));
        band.highValueProperty().addListener((o, a, b) -> vm.bandHighProperty().set((int) Math.round(b.doubleValue())));
        vm.bandLowProperty().addListener((o, a, b) -> band.setLowValue(b.intValue()));
        vm.bandHighProperty().addListener((o, a, b) -> band.setHighValue(b.intValue()));
        band.lowValueChangingProperty().addListener((o, was, is) -> { if (!is) vm.commit(); });
        band.highValueChangingProperty().addListener((o, was, is) -> { if (!is) vm.commit(); });
        vm.bandLowProperty().addListener(o -> updateBandLabel());
        vm.bandHighProperty().addListener(o -> updateBandLabel());

        javafx.scene.layout.FlowPane row2 = new javafx.scene.layout.FlowPane(8, 4, mode, targets, manual,
                new HBox(6, new Label("Band"), band, bandLabel), new HBox(6, lambda, lambdaValue));
        row2.setAlignment(Pos.CENTER_LEFT);
        bandLabel.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);

        ScrollPane sliders = new UncachedScrollPane(layerSliders);
        sliders.setFitToHeight(true);
        sliders.setPrefViewportHeight(136); // weight value, 90 px slider, layer index
        sliders.getStyleClass().add("layer-sliders");
        VBox box = new VBox(6, top, presetRow, presetRow.description(), row2, new DecodingControls(vm.decoding()),
                new Label("Per-layer weight (0 turns a layer off)"), sliders);
        box.setPadding(new Insets(8));
        return box;
    }

    private void rebuildLayerSliders() {
        layerSliders.getChildren().clear();
        List<Integer> layers = vm.moeLayers();
        for (int i = 0; i < vm.layerWeights().size(); i++) {
            DoubleProperty w = vm.layerWeights().get(i);
            Slider s = tip(new Slider(0, 1, w.get()), "Weight of MoE layer " + layers.get(i) + " (multiplies lambda there)");
            s.setId("steer-layer-" + i);
            s.setOrientation(Orientation.VERTICAL);
            s.setPrefHeight(90);
            s.valueProperty().bindBidirectional(w);
            s.valueChangingProperty().addListener((o, was, is) -> { if (!is) vm.commit(); });
            s.setOnMouseReleased(e -> vm.commit());
            Label l = new Label(Integer.toString(layers.get(i)));
            l.getStyleClass().add("layer-index");
            Label value = new Label();
            value.getStyleClass().add("layer-weight");
            value.setId("steer-layer-weight-" + i);
            value.textProperty().bind(Bindings.format(java.util.Locale.ROOT, "%.2f", w)); // the weight, readable at a glance
            value.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            VBox cell = new VBox(1, value, s, l);
            cell.setAlignment(Pos.CENTER);
            cell.getStyleClass().add("layer-slider");
            final int idx = i;
            cell.disableProperty().bind(vm.bandLowProperty().greaterThan(idx).or(vm.bandHighProperty().lessThan(idx)));
            layerSliders.getChildren().add(cell);
        }
        int n = Math.max(1, layers.size());
        band.setMax(n - 1);
        band.setHighValue(Math.min(n - 1, vm.bandHighProperty().get()));
        band.setLowValue(vm.bandLowProperty().get());
        updateBandLabel();
    }

    private void updateBandLabel() {
        List<Integer> layers = vm.moeLayers();
        int lo = vm.bandLowProperty().get();
        int hi = vm.bandHighProperty().get();
        bandLabel.setText(layers.isEmpty() || hi >= layers.size() ? "" : "layers " + layers.get(lo) + "-" + layers.get(hi));
    }

    private boolean syncing;

    /** The view-model's target list is the truth; the check boxes mirror it (guarded against echo). */
    private void syncChecks(CheckComboBox<String> box, javafx.collections.ObservableList<String> items) {
        Runnable push = () -> {
            syncing = true;
            try {
                box.getCheckModel().clearChecks();
                vm.targetLanguages().forEach(t -> box.getCheckModel().check(t));
            } finally {
                syncing = false;
            }
        };
        push.run();
        vm.availableLanguages().addListener((ListChangeListener<String>) c -> {
            syncing = true;
            try {
                box.getCheckModel().clearChecks();     // before the items change (stale indices threw on a switch)
                items.setAll(vm.availableLanguages());
            } finally {
                syncing = false;
            }
            push.run();
        });
        vm.targetLanguages().addListener((ListChangeListener<String>) c -> {
            if (!syncing) {
                push.run();
            }
        });
        box.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) c -> {
            if (syncing) {
                return;
            }
            List<String> checked = List.copyOf(box.getCheckModel().getCheckedItems());
            // keep the order in which languages were checked: T1 stays first
            List<String> kept = new java.util.ArrayList<>(vm.targetLanguages().stream().filter(checked::contains).toList());
            checked.stream().filter(x -> !kept.contains(x)).forEach(kept::add);
            if (!kept.equals(vm.targetLanguages())) {
                syncing = true;
                try {
                    vm.targetLanguages().setAll(kept);
                } finally {
                    syncing = false;
                }
            }
        });
        box.setTitle(null);
        box.titleProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> vm.targetLanguages().isEmpty() ? "Targets" : "Targets: " + String.join(", ", vm.targetLanguages()),
                vm.targetLanguages()));
    }

    private void parseManual(String text) {
        try {
            vm.manualBiases().setAll(ManualBiasParser.parse(text));
            vm.commit();
        } catch (IllegalArgumentException e) {
            onError.accept(e);
        }
    }

    /** Save the current steering as a JSON file (Ctrl+S). */
    public void saveDialog() {
        choose(true);
    }

    private void choose(boolean save) {
        FileChooser fc = new FileChooser();
        fc.setTitle(save ? "Save steering file" : "Load steering file");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("Steering JSON", "*.json"));
        File f = save ? fc.showSaveDialog(getScene().getWindow()) : fc.showOpenDialog(getScene().getWindow());
        if (f == null) {
            return;
        }
        try {
            if (save) {
                vm.save(f.toPath());
            } else {
                vm.load(f.toPath());
            }
        } catch (Exception e) {
            onError.accept(e);
        }
    }
}
