package dev.moescope.app.heatmap;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The expert card: which languages use the expert, how much, and its classification. */
final class ExpertCardView extends VBox {
    private final Label title = new Label("Click a cell to open its expert card");
    private final Label cls = new Label();
    private final GridPane uses = new GridPane();
    private final Label tokens = new Label();
    private final Label coActivated = new Label();

    ExpertCardView(HeatmapViewModel vm) {
        super(6);
        getStyleClass().add("expert-card");
        setId("expert-card");
        setPadding(new Insets(10));
        setPrefWidth(250);
        title.getStyleClass().add("section-title");
        title.setWrapText(true);
        cls.setWrapText(true);
        uses.setHgap(6);
        uses.setVgap(3);
        tokens.setWrapText(true);
        coActivated.setWrapText(true);
        tokens.setId("expert-top-tokens");
        getChildren().addAll(title, cls, uses, tokens, coActivated);
        vm.cardProperty().addListener((o, a, c) -> show(vm, c));
        vm.detailsProperty().addListener((o, a, d) -> showDetails(d));
    }

    private void showDetails(dev.moescope.app.backend.Backend.ExpertDetails d) {
        if (d == null) {
            tokens.setText("");
            coActivated.setText("");
            return;
        }
        StringBuilder t = new StringBuilder("Tokens most routed here:\n");
        for (var u : d.topTokens()) {
            t.append(String.format("  \u201C%s\u201D  %d\u00D7 (%.0f%% of its uses)%n",
                    dev.moescope.app.common.ChipsPane.visible(u.text()), u.count(), 100 * u.fraction()));
        }
        tokens.setText(d.topTokens().isEmpty() ? "No stored tokens for this expert." : t.toString().stripTrailing());
        StringBuilder c = new StringBuilder("Co-activated experts P(b | this):\n");
        for (var a : d.coActivated()) {
            c.append(String.format("  expert %d: %.2f%n", a.expert(), a.probability()));
        }
        coActivated.setText(d.coActivated().isEmpty() ? "" : c.toString().stripTrailing());
    }

    private void show(HeatmapViewModel vm, ExpertCard c) {
        uses.getChildren().clear();
        if (c == null) {
            title.setText("Click a cell to open its expert card");
            cls.setText("");
            return;
        }
        title.setText("Expert " + c.expert() + " · layer " + c.decoderLayer());
        String several = c.exclusiveTo().size() < 2 ? ""
                : " (each of these " + c.exclusiveTo().size() + " languages has a share above thr)";
        cls.setText("At k=" + vm.kProperty().get() + ", thr=" + vm.thresholdProperty().get() + ": "
                + c.classification(vm::name) + several + ". Activation frequency and share per language:");
        double max = c.uses().stream().mapToDouble(ExpertCard.LanguageUse::frequency).max().orElse(1);
        int row = 0;
        for (ExpertCard.LanguageUse u : c.uses()) {
            ProgressBar bar = new ProgressBar(max == 0 ? 0 : u.frequency() / max);
            bar.setPrefWidth(64);
            String tip = String.format("%s: frequency %.4f, share %.3f", vm.name(u.language()), u.frequency(), u.share());
            bar.setTooltip(new javafx.scene.control.Tooltip(tip));
            Label name = new Label(shortName(vm.name(u.language()), u.language()));
            name.setMaxWidth(96);
            name.setTooltip(new javafx.scene.control.Tooltip(tip));
            Label value = new Label(String.format("%.3f", u.frequency()));
            value.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            uses.addRow(row++, name, bar, value);
        }
    }

    /** "Chinese (Mandarin, Simplified)" as "Chinese (zh)": fits the card's name column (the tooltip has it all). */
    static String shortName(String name, String code) {
        int paren = name.indexOf(" (");
        return paren > 0 ? name.substring(0, paren) + " (" + code + ")" : name;
    }
}
