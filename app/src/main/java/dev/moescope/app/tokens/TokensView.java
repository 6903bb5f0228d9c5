package dev.moescope.app.tokens;

import static dev.moescope.app.common.Controls.tip;

import dev.moescope.app.common.ChipsPane;
import dev.moescope.viz.UncachedScrollPane;
import dev.moescope.viz.palette.ExpertPalette;
import dev.moescope.viz.palette.Palettes;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.beans.property.StringProperty;
import javafx.geometry.Insets;
import javafx.geometry.NodeOrientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Slider;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The tokens tab: two texts as chips coloured by their top expert at a layer; hover shows the path. */
public final class TokensView extends BorderPane {
    private final TokensViewModel vm;
    private final Label layerLabel = new Label();

    public TokensView(TokensViewModel vm) {
        this.vm = vm;
        getStyleClass().add("tokens-view");
        ComboBox<String> a = tip(new ComboBox<>(vm.languages()), "Language of the left segment");
        a.valueProperty().bindBidirectional(vm.leftLanguageProperty());
        ComboBox<String> b = tip(new ComboBox<>(vm.languages()), "Language of the right (parallel) segment");
        b.valueProperty().bindBidirectional(vm.rightLanguageProperty());
        Spinner<Integer> seg = tip(new Spinner<>(0, 200, 0), "Which segment of the corpus (parallel across languages)");
        seg.setPrefWidth(80);
        seg.valueProperty().addListener((o, x, y) -> vm.segmentIndexProperty().set(y));
        Button pick = tip(new Button("Load segments"), "Put segment N of both languages into the two text boxes");
        pick.setId("tokens-pick");
        pick.setOnAction(e -> vm.pickSegments());
        Button route = tip(new Button("Route"), "Run the model over both texts and colour each token by its top expert");
        route.setId("tokens-route");
        route.setOnAction(e -> vm.analyze());
        Slider layer = tip(new Slider(0, 1, 0), "MoE layer whose top expert colours the chips");
        layer.setId("tokens-layer");
        layer.setMajorTickUnit(1);
        layer.setSnapToTicks(true);
        layer.setPrefWidth(200);
        layer.valueProperty().addListener((o, x, y) -> vm.layerIndexProperty().set((int) Math.round(y.doubleValue())));
        vm.layerIndexProperty().addListener((o, x, y) -> layer.setValue(y.intValue()));
        vm.sessionProperty().addListener((o, x, s) -> layer.setMax(s == null ? 1 : Math.max(1, s.info().moeLayers().size() - 1)));
        vm.layerIndexProperty().addListener(o -> updateLayerLabel());
        vm.sessionProperty().addListener(o -> updateLayerLabel());
        HBox bar = new HBox(8, new Label("Segment"), seg, a, b, pick, route, new Label("Layer"), layer, layerLabel);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(8));
        setTop(bar);

        TextArea left = tip(new TextArea(), "Text to tokenize and route (left)");
        left.setId("tokens-left-text");
        left.textProperty().bindBidirectional(vm.leftTextProperty());
        TextArea right = tip(new TextArea(), "Text to tokenize and route (right), e.g. the parallel segment");
        right.textProperty().bindBidirectional(vm.rightTextProperty());
        left.setPrefRowCount(3);
        right.setPrefRowCount(3);
        left.setWrapText(true);
        right.setWrapText(true);
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(6);
        grid.setPadding(new Insets(8));
        grid.add(left, 0, 0);
        grid.add(right, 1, 0);
        ScrollPane leftChips = chips(vm.leftTokens(), "tokens-left");
        ScrollPane rightChips = chips(vm.rightTokens(), "tokens-right");
        followTextDirection(vm.leftTextProperty(), left, leftChips);
        followTextDirection(vm.rightTextProperty(), right, rightChips);
        grid.add(leftChips, 0, 1);
        grid.add(rightChips, 1, 1);
        for (int i = 0; i < 2; i++) {
            var cc = new javafx.scene.layout.ColumnConstraints();
            cc.setPercentWidth(50);
            grid.getColumnConstraints().add(cc);
        }
        var r0 = new javafx.scene.layout.RowConstraints();
        var r1 = new javafx.scene.layout.RowConstraints();
        r1.setVgrow(Priority.ALWAYS);
        grid.getRowConstraints().addAll(r0, r1);
        setCenter(grid);
        Label hint = new Label("Chip colour = top-1 expert at the chosen layer. Hover a chip for its expert at every layer.");
        hint.getStyleClass().add("status-line");
        setBottom(hint);
    }

    /** Arabic, Hebrew, ... texts and their chips read right to left. */
    private static void followTextDirection(StringProperty text, Node... nodes) {
        Runnable apply = () -> {
            NodeOrientation o = TextDirection.isRightToLeft(text.get()) ? NodeOrientation.RIGHT_TO_LEFT : NodeOrientation.LEFT_TO_RIGHT;
            for (Node n : nodes) {
                n.setNodeOrientation(o);
            }
        };
        text.addListener(o -> apply.run());
        apply.run();
    }

    private void updateLayerLabel() {
        var s = vm.sessionProperty().get();
        int i = vm.layerIndexProperty().get();
        layerLabel.setText(s == null || i >= s.info().moeLayers().size() ? "" : "decoder layer " + s.info().moeLayers().get(i));
    }

    private ScrollPane chips(ObservableList<TokensViewModel.TokenRoute> tokens, String id) {
        VBox box = new VBox();
        Runnable rebuild = () -> {
            ChipsPane<TokensViewModel.TokenRoute> pane = new ChipsPane<>(tokens, t -> t.text().isEmpty() ? "\u00B7" : t.text(),
                    t -> List.of());
            pane.setId(id);
            styleChips(pane, tokens);
            box.getChildren().setAll(pane);
        };
        rebuild.run();
        tokens.addListener((ListChangeListener<TokensViewModel.TokenRoute>) c -> rebuild.run());
        vm.layerIndexProperty().addListener(o -> rebuild.run());
        ScrollPane sp = new UncachedScrollPane(box);
        sp.setFitToWidth(true);
        return sp;
    }

    private void styleChips(ChipsPane<TokensViewModel.TokenRoute> pane, List<TokensViewModel.TokenRoute> tokens) {
        var s = vm.sessionProperty().get();
        List<Integer> layers = s == null ? List.of() : s.info().moeLayers();
        int layer = vm.layerIndexProperty().get();
        for (int i = 0; i < pane.getChildren().size() && i < tokens.size(); i++) {
            TokensViewModel.TokenRoute t = tokens.get(i);
            Label chip = (Label) pane.getChildren().get(i);
            int e = t.topExpert(layer);
            java.awt.Color c = ExpertPalette.color(Math.max(0, e));
            double lum = (0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue()) / 255;
            chip.setStyle("-fx-background-color: " + Palettes.toHex(c) + "; -fx-text-fill: " + (lum > 0.6 ? "#111" : "#fff") + ";");
            StringBuilder path = new StringBuilder("\"" + t.text() + "\" top expert per layer:\n");
            for (int l = 0; l < t.topExpertPerLayer().length; l++) {
                path.append(l < layers.size() ? "L" + layers.get(l) : "#" + l).append(": ").append(t.topExpertPerLayer()[l])
                        .append(l == layer ? "  <" : "").append('\n');
            }
            Tooltip tt = new Tooltip(path.toString().strip());
            tt.setShowDelay(javafx.util.Duration.millis(150));
            chip.setTooltip(tt);
        }
    }
}
