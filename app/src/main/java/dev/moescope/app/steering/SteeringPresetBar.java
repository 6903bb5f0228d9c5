package dev.moescope.app.steering;

import static dev.moescope.app.common.Controls.tip;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;

/**
 * The steering tab's preset row: presets (their names and descriptions with X filled in), X, the prompt language and
 * the corpus samples; {@link #description()} says what the applied preset targets.
 */
final class SteeringPresetBar extends FlowPane {
    private final Label described = new Label();

    SteeringPresetBar(SteeringViewModel vm) {
        super(8, 4);
        setAlignment(Pos.CENTER_LEFT);
        SteeringPresetsViewModel pv = vm.presets();
        ComboBox<SteeringPreset> presets = tip(new ComboBox<>(pv.presets()), "Presets: what to steer, which layers and "
                + "lambda in one click; X is the language chosen beside");
        presets.setId("steer-presets");
        presets.setPromptText("Presets");
        presets.setPrefWidth(110); // the list shows the whole names
        presets.setCellFactory(lv -> new ListCell<>() {
            @Override protected void updateItem(SteeringPreset p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : p.label(pv.languageProperty().get()));
                setTooltip(empty || p == null ? null : new javafx.scene.control.Tooltip(p.describe(pv.languageProperty().get())));
            }
        });
        presets.setButtonCell(new ListCell<>() {
            @Override protected void updateItem(SteeringPreset p, boolean empty) {
                super.updateItem(p, empty);
                setText("Presets");
            }
        });
        presets.setOnAction(e -> {
            if (presets.getValue() != null) {
                vm.applyPreset(presets.getValue());
                javafx.application.Platform.runLater(() -> presets.getSelectionModel().clearSelection());
            }
        });
        ChoiceBox<String> x = tip(new ChoiceBox<>(pv.languages()), "X: the language the presets and the "
                + "\"Toward X\" / \"Switch off X\" modes act on");
        x.setId("steer-language-x");
        x.valueProperty().bindBidirectional(pv.languageProperty());
        ChoiceBox<String> promptLang = tip(new ChoiceBox<>(pv.languages()), "Language of the corpus samples offered as prompts");
        promptLang.setId("steer-prompt-language");
        promptLang.valueProperty().bindBidirectional(pv.promptLanguageProperty());
        ComboBox<Integer> sample = tip(new ComboBox<>(), "Prompts from the corpus's held-out text (articles 25-30 of the "
                + "UDHR) in the prompt language: the opening of a segment; edit it in the prompt field");
        sample.setId("steer-sample");
        sample.setPromptText("Corpus sample");
        sample.setPrefWidth(170);
        Runnable indices = () -> sample.getItems().setAll(java.util.stream.IntStream.range(0, pv.samples().size()).boxed().toList());
        pv.samples().addListener((ListChangeListener<String>) c -> indices.run());
        indices.run();
        sample.setCellFactory(lv -> new ListCell<>() {
            @Override protected void updateItem(Integer i, boolean empty) {
                super.updateItem(i, empty);
                setText(empty || i == null || i >= pv.samples().size() ? null : pv.samples().get(i));
            }
        });
        sample.setButtonCell(new ListCell<>() {
            @Override protected void updateItem(Integer i, boolean empty) {
                super.updateItem(i, empty);
                setText(empty || i == null ? "Corpus sample" : "Sample " + (i + 1) + " of " + pv.samples().size());
            }
        });
        sample.setOnAction(e -> {
            Integer i = sample.getValue();
            if (i != null && i < pv.samples().size()) {
                vm.promptProperty().set(pv.samples().get(i));
                vm.commit();
            }
        });
        getChildren().addAll(presets, labelled("X", x), labelled("Prompt language", promptLang), sample);
        described.setId("steer-preset-description");
        described.getStyleClass().add("preset-description");
        described.setWrapText(true);
        described.setMinHeight(Region.USE_PREF_SIZE);
        described.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(pv::appliedDescription,
                pv.appliedProperty(), pv.languageProperty()));
        described.visibleProperty().bind(described.textProperty().isNotEmpty());
        described.managedProperty().bind(described.visibleProperty());

    }

    /** A wrapped line: the applied preset with X filled in, and what it targets. */
    Label description() {
        return described;
    }

    private static HBox labelled(String name, Control c) {
        Label l = new Label(name);
        l.setMinWidth(Region.USE_PREF_SIZE);
        HBox box = new HBox(4, l, c);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }
}
