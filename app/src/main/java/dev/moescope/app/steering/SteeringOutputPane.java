package dev.moescope.app.steering;

import static dev.moescope.app.common.Controls.tip;

import dev.moescope.app.common.ChipsPane;
import dev.moescope.viz.UncachedScrollPane;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * The baseline and the steered output side by side: readable text with the differing words highlighted, or (toggle)
 * the token chips with the tokens that differ at the same position highlighted.
 */
final class SteeringOutputPane extends GridPane {

    SteeringOutputPane(SteeringOutputViewModel vm) {
        getStyleClass().add("steering-outputs");
        TextFlow baseText = new TextFlow();
        baseText.setId("baseline-text");
        TextFlow steeredText = new TextFlow();
        steeredText.setId("steered-text");
        vm.diffProperty().addListener((o, a, d) -> {
            fill(baseText, d.baseline());
            fill(steeredText, d.steered());
        });
        fill(baseText, vm.diffProperty().get().baseline());
        fill(steeredText, vm.diffProperty().get().steered());
        ChipsPane<ChipPair.Chip> baseChips = new ChipsPane<>(vm.baselineChips(), ChipPair.Chip::text,
                c -> c.differs() ? List.of("chip-differs") : List.of());
        baseChips.setId("baseline-output");
        ChipsPane<ChipPair.Chip> steeredChips = new ChipsPane<>(vm.steeredChips(), ChipPair.Chip::text,
                c -> c.differs() ? List.of("chip-differs", "chip-steered") : List.of("chip-steered"));
        steeredChips.setId("steered-output");

        ToggleButton chips = tip(new ToggleButton("Token chips"), "Show the outputs as token chips (a chip is highlighted "
                + "when the other output has another token at the same position) instead of readable text");
        chips.setId("steer-show-chips");
        Label l1 = new Label("Baseline (no steering)");
        Label l2 = new Label();
        l2.textProperty().bind(chips.selectedProperty().map(c -> c ? "Steered (differing tokens highlighted)"
                : "Steered (differing words highlighted)"));
        l1.getStyleClass().add("pane-title");
        l2.getStyleClass().add("pane-title");
        for (Label l : List.of(l1, l2)) {
            l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        setHgap(12);
        setVgap(4);
        setPadding(new Insets(8));
        add(l1, 0, 0);
        add(new javafx.scene.layout.HBox(8, l2, chips), 1, 0);
        add(scroll(switching(chips, baseText, baseChips)), 0, 1);
        add(scroll(switching(chips, steeredText, steeredChips)), 1, 1);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(50);
            getColumnConstraints().add(cc);
        }
        RowConstraints grow = new RowConstraints();
        grow.setVgrow(Priority.ALWAYS);
        getRowConstraints().addAll(new RowConstraints(), grow);
    }

    private static void fill(TextFlow flow, List<TextDiff.Span> spans) {
        flow.getChildren().setAll(spans.stream().map(s -> {
            Text t = new Text(s.text());
            t.getStyleClass().add(s.changed() ? "diff-changed" : "diff-same");
            return (Node) t;
        }).toList());
    }

    private static StackPane switching(ToggleButton chips, Node text, Node chipView) {
        text.visibleProperty().bind(chips.selectedProperty().not());
        chipView.visibleProperty().bind(chips.selectedProperty());
        StackPane p = new StackPane(text, chipView);
        p.setAlignment(javafx.geometry.Pos.TOP_LEFT);
        p.setPadding(new Insets(4));
        return p;
    }

    private static ScrollPane scroll(Node content) {
        ScrollPane sp = new UncachedScrollPane(content);
        sp.setFitToWidth(true);
        sp.getStyleClass().add("output-scroll");
        return sp;
    }
}
