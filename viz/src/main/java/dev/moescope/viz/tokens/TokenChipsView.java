package dev.moescope.viz.tokens;

import dev.moescope.viz.palette.ExpertPalette;
import dev.moescope.viz.palette.OkLab;
import dev.moescope.viz.palette.Palettes;
import dev.moescope.viz.style.ChartTheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;
import java.util.function.IntFunction;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import dev.moescope.viz.UncachedScrollPane;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/**
 * Token chips in a scrolling flow: each chip shows the decoded token with visible whitespace
 * ({@link TokenText}), its background is the {@link ExpertPalette} colour of its top expert at the
 * chosen layer, chips marked "different" get the {@code different} style class (outlined). Tokens can
 * be appended one at a time while generating: only the new chip is laid out and the view follows the
 * tail. Hover reports the token index (-1 when leaving) for the app to show the expert path.
 */
public final class TokenChipsView extends StackPane {
    private static final String INDEX = "token-index";
    private static final CornerRadii RADII = new CornerRadii(3);

    private final ChipFlowPane flow = new ChipFlowPane();
    private final ScrollPane scroll = new UncachedScrollPane(flow);
    private final List<TokenChip> tokens = new ArrayList<>();
    private final ObjectProperty<ChartTheme> theme = new SimpleObjectProperty<>(this, "theme", ChartTheme.LIGHT);
    private final ReadOnlyIntegerWrapper hoveredIndex = new ReadOnlyIntegerWrapper(this, "hoveredIndex", -1);
    private final Tooltip tooltip = new Tooltip();
    private IntConsumer onHover = i -> { };
    private IntConsumer onClick = i -> { };
    private IntFunction<String> tooltipText = this::defaultTooltip;
    private boolean followTail = true;

    public TokenChipsView() {
        getStyleClass().add("token-chips");
        getStylesheets().add(ChartTheme.LIGHT.stylesheet());
        flow.setPadding(new Insets(4));
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        getChildren().add(scroll);
        tooltip.setShowDelay(Duration.millis(200));
        flow.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(indexOf(e.getPickResult().getIntersectedNode())));
        flow.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1));
        flow.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int i = indexOf(e.getPickResult().getIntersectedNode());
            if (i >= 0) {
                onClick.accept(i);
            }
        });
        // follow the tail after the pulse has laid out new chips (CSS first, then layout: sizes are final)
        flow.heightProperty().addListener((obs, o, n) -> {
            if (followTail && n.doubleValue() > o.doubleValue()) {
                scroll.setVvalue(scroll.getVmax());
            }
        });
        theme.addListener((obs, o, n) -> {
            getStylesheets().setAll(n.stylesheet());
            flow.reflowAll(); // the dark sheet could change chip sizes
            for (int i = 0; i < tokens.size(); i++) {
                paint(chipAt(i), tokens.get(i).topExpert());
            }
        });
    }

    /** Replaces all chips. */
    public void setTokens(List<TokenChip> newTokens) {
        tokens.clear();
        List<Node> chips = new ArrayList<>(newTokens.size());
        for (TokenChip t : newTokens) {
            tokens.add(t);
            chips.add(createChip(tokens.size() - 1, t));
        }
        flow.getChildren().setAll(chips);
    }

    /** Appends one chip (streaming generation); lays out only that chip. */
    public void appendToken(TokenChip token) {
        tokens.add(Objects.requireNonNull(token));
        flow.getChildren().add(createChip(tokens.size() - 1, token));
    }

    public void clear() {
        tokens.clear();
        flow.getChildren().clear();
        hover(-1);
    }

    /** Recolours every chip for another layer: {@code topExperts[i]} is token i's top expert (-1 unknown). */
    public void setTopExperts(int[] topExperts) {
        if (topExperts.length != tokens.size()) {
            throw new IllegalArgumentException("setTopExperts: " + topExperts.length + " experts for " + tokens.size() + " tokens");
        }
        for (int i = 0; i < topExperts.length; i++) {
            TokenChip t = tokens.get(i);
            tokens.set(i, new TokenChip(t.text(), topExperts[i], t.different()));
            paint(chipAt(i), topExperts[i]);
        }
    }

    /** Marks or unmarks token {@code index} as different (outlined). */
    public void setDifferent(int index, boolean different) {
        TokenChip t = tokens.get(index);
        tokens.set(index, new TokenChip(t.text(), t.topExpert(), different));
        Label chip = chipAt(index);
        chip.getStyleClass().remove("different");
        if (different) {
            chip.getStyleClass().add("different");
        }
    }

    public int tokenCount() { return tokens.size(); }
    public TokenChip token(int index) { return tokens.get(index); }

    /** The chip node of token {@code index} (its text is the visible form of the token). */
    public Label chipAt(int index) {
        return (Label) flow.getChildren().get(index);
    }

    /** Token under the mouse, -1 when none. */
    public ReadOnlyIntegerProperty hoveredIndexProperty() { return hoveredIndex.getReadOnlyProperty(); }

    /** Called with the hovered token index, or -1 when the mouse leaves a chip. */
    public void setOnTokenHover(IntConsumer handler) { onHover = handler == null ? i -> { } : handler; }

    public void setOnTokenClicked(IntConsumer handler) { onClick = handler == null ? i -> { } : handler; }

    /** Tooltip text for a token index (default: index, text and top expert). */
    public void setTooltipText(IntFunction<String> text) { tooltipText = text == null ? this::defaultTooltip : text; }

    /** Keep the newest chip in view while appending (default true). */
    public void setFollowTail(boolean follow) { followTail = follow; }

    public ObjectProperty<ChartTheme> themeProperty() { return theme; }
    public void setTheme(ChartTheme t) { theme.set(t); }

    /** Background colour of a chip for {@code topExpert} in the current theme. */
    public Color chipColor(int topExpert) {
        if (topExpert < 0) {
            return Palettes.toFx(theme.get() == ChartTheme.DARK ? new java.awt.Color(0x4A4D52) : new java.awt.Color(0xE4E4E4));
        }
        return Palettes.toFx(ExpertPalette.color(topExpert));
    }

    int fullReflows() {
        return flow.fullReflows();
    }

    private Label createChip(int index, TokenChip token) {
        Label chip = new Label(TokenText.visible(token.text()));
        chip.getStyleClass().setAll("token-chip"); // not "label": app-wide .label rules must not recolour chips
        if (token.different()) {
            chip.getStyleClass().add("different");
        }
        chip.getProperties().put(INDEX, index);
        if (TokenText.endsLine(token.text())) {
            chip.getProperties().put(ChipFlowPane.LINE_BREAK, Boolean.TRUE);
        }
        paint(chip, token.topExpert());
        return chip;
    }

    private void paint(Label chip, int topExpert) {
        Color bg = chipColor(topExpert);
        chip.setBackground(new Background(new BackgroundFill(bg, RADII, Insets.EMPTY)));
        chip.setTextFill(Palettes.toFx(OkLab.textColorOn(new java.awt.Color(
                (float) bg.getRed(), (float) bg.getGreen(), (float) bg.getBlue()))));
    }

    private int indexOf(Node picked) {
        for (Node n = picked; n != null && n != flow; n = n.getParent()) {
            Object i = n.getProperties().get(INDEX);
            if (i instanceof Integer index) {
                return index;
            }
        }
        return -1;
    }

    private void hover(int index) {
        if (index == hoveredIndex.get()) {
            return;
        }
        hoveredIndex.set(index);
        if (index >= 0) {
            tooltip.setText(tooltipText.apply(index));
            Tooltip.install(chipAt(index), tooltip);
        }
        onHover.accept(index);
    }

    private String defaultTooltip(int index) {
        TokenChip t = tokens.get(index);
        return "token #" + index + "  \"" + TokenText.visible(t.text()) + "\""
                + (t.topExpert() >= 0 ? "\ntop expert " + t.topExpert() : "") + (t.different() ? "\ndiffers from baseline" : "");
    }
}
