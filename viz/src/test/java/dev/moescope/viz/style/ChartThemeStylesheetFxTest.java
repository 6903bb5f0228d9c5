package dev.moescope.viz.style;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.viz.FxCall;
import java.util.ArrayList;
import java.util.List;
import javafx.css.CssMetaData;
import javafx.css.Styleable;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The theme stylesheets import their shared layout rules (viz-base.css) and hold only colours: both
 * themes compute the same layout and type for every styled node, each with its own colours.
 */
@ExtendWith(ApplicationExtension.class)
class ChartThemeStylesheetFxTest {
    private StackPane root;

    @Start
    void start(Stage stage) {
        root = new StackPane();
        stage.setScene(new Scene(root, 300, 200));
        stage.show();
    }

    /** One node per styled selector of the viz stylesheets. */
    private static List<Node> sample() {
        Label hover = styled(new Label("hover"), "viz-hover");
        StackPane chart = styled(new StackPane(hover), "viz-chart");
        Label chip = styled(new Label("a"), "token-chip");
        Label different = styled(new Label("b"), "token-chip", "different");
        Label selected = styled(new Label("c"), "token-chip", "selected");
        ScrollPane scroll = new ScrollPane(new HBox(chip, different, selected));
        VBox chips = styled(new VBox(scroll), "token-chips");
        Button png = new Button("PNG");
        HBox exportBar = styled(new HBox(png), "chart-export-bar");
        StackPane dendrogram = styled(new StackPane(), "dendrogram-chart");
        return List.of(chart, hover, chips, scroll, chip, different, selected, exportBar, png, dendrogram);
    }

    private static <T extends Node> T styled(T node, String... classes) {
        node.getStyleClass().addAll(classes);
        return node;
    }

    /** "node#i property=value" for every CSS property the node has, after applying {@code theme}'s stylesheet. */
    private List<String> computed(ChartTheme theme) {
        return FxCall.call(() -> {
            List<Node> nodes = sample();
            VBox box = new VBox();
            box.getChildren().addAll(nodes.stream().filter(n -> n.getParent() == null).toList());
            box.getStylesheets().setAll(theme.stylesheet());
            root.getChildren().setAll(box);
            box.applyCss();
            box.layout();
            List<String> out = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++) {
                for (CssMetaData<? extends Styleable, ?> m : nodes.get(i).getCssMetaData()) {
                    out.add(i + " " + m.getProperty() + "=" + value(nodes.get(i), m));
                }
            }
            return out;
        });
    }

    @SuppressWarnings("unchecked")
    private static Object value(Node n, CssMetaData<? extends Styleable, ?> m) {
        var p = ((CssMetaData<Styleable, ?>) m).getStyleableProperty(n);
        Object v = p == null ? null : p.getValue();
        if (v instanceof javafx.scene.layout.Background b) {
            return b.getFills().stream().map(f -> f.getFill() + " " + f.getRadii() + " " + f.getInsets()).toList();
        }
        if (v instanceof javafx.scene.layout.Border b) {
            return b.getStrokes().stream().map(s -> s.getTopStroke() + " widths " + s.getWidths().getTop() + "," + s.getWidths().getRight() + "," + s.getWidths().getBottom() + "," + s.getWidths().getLeft() + " " + s.getRadii() + " "
                    + s.getInsets() + " " + s.getTopStyle().getType()).toList();
        }
        return v;
    }

    @Test
    void bothThemesShareTheLayoutAndDifferOnlyInColours() {
        List<String> light = computed(ChartTheme.LIGHT), dark = computed(ChartTheme.DARK);
        assertEquals(withoutColours(light), withoutColours(dark), "every non-colour value is the same in both themes");
        assertTrue(!light.equals(dark), "the themes do differ in colour");
    }

    @Test
    void eachThemeGetsTheSharedRulesAndItsOwnColours() {
        for (ChartTheme theme : ChartTheme.values()) {
            boolean isLight = theme == ChartTheme.LIGHT;
            List<String> v = computed(theme);
            // shared layout and type (viz-base.css)
            assertHas(v, theme, "1 -fx-padding=Insets [top=3.0, right=6.0, bottom=3.0, left=6.0]");
            assertHas(v, theme, "4 -fx-font=Font[name=Monospaced");
            assertHas(v, theme, "4 -fx-padding=Insets [top=1.0, right=3.0, bottom=1.0, left=3.0]");
            assertHas(v, theme, "4 -fx-region-border=[0x00000000 widths 2.0,2.0,2.0,2.0 CornerRadii [uniform radius = 3.0]");
            assertHas(v, theme, "5 -fx-underline=true");
            assertHas(v, theme, "8 -fx-padding=Insets [top=2.0, right=6.0, bottom=2.0, left=6.0]");
            assertHas(v, theme, "3 -fx-region-background=[0x00000000");
            // the theme's colours
            String background = isLight ? "0xffffffff" : "0x1e1f22ff";
            for (int node : new int[] {0, 2, 9}) { // viz-chart, token-chips, dendrogram-chart
                assertHas(v, theme, node + " -fx-region-background=[" + background);
            }
            assertHas(v, theme, "1 -fx-text-fill=" + (isLight ? "0x1a1a1aff" : "0xe6e6e6ff"));
            assertHas(v, theme, "1 -fx-region-border=[" + (isLight ? "0x888888ff" : "0x777777ff") + " widths 1.0,1.0,1.0,1.0");
            assertHas(v, theme, "5 -fx-region-border=[" + (isLight ? "0xd55e00ff" : "0xffb000ff") + " widths 2.0");
            assertHas(v, theme, "6 -fx-region-border=[" + (isLight ? "0x000000ff" : "0xffffffff") + " widths 2.0");
        }
    }

    private static void assertHas(List<String> values, ChartTheme theme, String prefix) {
        assertTrue(values.stream().anyMatch(s -> s.startsWith(prefix)), theme + ": no value starting with '" + prefix
                + "' in " + values.stream().filter(s -> s.startsWith(prefix.substring(0, prefix.indexOf('=')))).toList());
    }

    /** The values with every colour (0xRRGGBBAA) blanked. */
    private static List<String> withoutColours(List<String> values) {
        return values.stream().map(s -> s.replaceAll("0x[0-9a-f]{8}", "<colour>")).toList();
    }
}
