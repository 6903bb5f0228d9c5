package dev.moescope.app.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.AppContext;
import dev.moescope.app.MainWindow;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.common.Theme;
import dev.moescope.app.testing.FakeBackend;
import dev.moescope.app.testing.FxToolkit;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The window shell over a fake backend: shortcuts, theme switch, remembered theme, tooltips everywhere. */
@ExtendWith(ApplicationExtension.class)
class ShellTest {
    private AppContext context;
    private AppPreferences prefs;
    private Scene scene;

    @Start
    void start(Stage stage) {
        prefs = new AppPreferences(Preferences.userRoot().node("dev/moescope/test-" + UUID.randomUUID()));
        context = new AppContext(new FakeBackend(), prefs);
        MainWindow window = new MainWindow(context);
        scene = window.createScene(1200, 800);
        stage.setScene(scene);
        stage.show();
        context.start();
    }

    @Test
    void shortcutsSwitchTabsAndTheme(FxRobot robot) throws Exception {
        FxToolkit.await("statistics", 10_000, () -> context.sidebar().statsProperty().get() != null);
        TabPane tabs = robot.lookup("#main-tabs").queryAs(TabPane.class);
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT6).release(KeyCode.DIGIT6, KeyCode.CONTROL);
        assertEquals("Steering", tabs.getSelectionModel().getSelectedItem().getText());
        robot.press(KeyCode.CONTROL, KeyCode.DIGIT2).release(KeyCode.DIGIT2, KeyCode.CONTROL);
        assertEquals("Languages", tabs.getSelectionModel().getSelectedItem().getText());

        assertTrue(scene.getStylesheets().get(0).endsWith("theme-light.css"));
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL);
        assertTrue(scene.getStylesheets().get(0).endsWith("theme-dark.css"), scene.getStylesheets().toString());
        assertTrue(scene.getRoot().getStyleClass().contains("theme-dark"));
        assertEquals(Theme.DARK, prefs.theme(), "the theme is remembered");
        assertTrue(scene.getStylesheets().stream().anyMatch(s -> s.endsWith("steering/steering.css")), "feature CSS loaded");
    }

    @Test
    void everyButtonAndChoiceHasATooltip(FxRobot robot) throws Exception {
        FxToolkit.await("statistics", 10_000, () -> context.sidebar().statsProperty().get() != null);
        TabPane tabs = robot.lookup("#main-tabs").queryAs(TabPane.class);
        StringBuilder missing = new StringBuilder();
        int checked = 0;
        for (int i = 0; i < tabs.getTabs().size(); i++) {
            final int t = i;
            FxToolkit.run(() -> tabs.getSelectionModel().select(t));
            java.util.Set<Node> nodes = FxToolkit.fx(() -> {
                java.util.Set<Node> all = new java.util.LinkedHashSet<>();
                for (String sel : new String[] {".button", ".choice-box", ".combo-box-base", ".slider", ".spinner",
                        ".check-combo-box", ".text-field", ".toggle-button", ".range-slider", ".text-area"}) {
                    all.addAll(scene.getRoot().lookupAll(sel));
                }
                return all;
            });
            for (Node n : nodes) {
                if (n instanceof Control c && c.isVisible()) {
                    checked++;
                }
                if (n instanceof Control c && c.isVisible() && c.getTooltip() == null && !insideTooltipped(c)) {
                    missing.append(c.getClass().getSimpleName()).append(' ').append(c.getId()).append(' ')
                            .append(c instanceof javafx.scene.control.Labeled l ? l.getText() : "").append('\n');
                }
            }
        }
        assertEquals("", missing.toString(), "controls without tooltip");
        assertTrue(checked > 40, "the lookup saw the controls of every tab: " + checked);
        assertTrue(robot.lookup("#model-summary").queryAs(Label.class).getText().startsWith("Demo model"));
    }

    /** Inner parts of composite controls (the spinner's editor, the combo's field) share the outer tooltip. */
    private static boolean insideTooltipped(Control c) {
        for (Node p = c.getParent(); p != null; p = p.getParent()) {
            if (p instanceof Control pc && pc.getTooltip() != null) {
                return true;
            }
        }
        return false;
    }
}
