package dev.moescope.app.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.AppContext;
import dev.moescope.app.MainWindow;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.testing.FakeBackend;
import dev.moescope.app.testing.FxToolkit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.TabPane;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * At the default window size (1360 x 800) and at 1024 x 768, every label, button and choice in the Steering and
 * Interventions tabs shows its whole text: the text its skin displays equals the control's text (JavaFX
 * replaces the end of a label that does not fit with "...").
 */
@ExtendWith(ApplicationExtension.class)
class ToolbarLabelsTest {
    private AppContext context;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        AppPreferences prefs = new AppPreferences(Preferences.userRoot().node("dev/moescope/test-" + UUID.randomUUID()));
        context = new AppContext(new FakeBackend(), prefs);
        MainWindow window = new MainWindow(context);
        Scene scene = window.createScene(1360, 800);
        stage.setScene(scene);
        stage.show();
        context.start();
    }

    @Test
    void noLabelIsTruncatedAtTheDefaultSizeOrAt1024(FxRobot robot) throws Exception {
        FxToolkit.await("statistics", 10_000, () -> context.sidebar().statsProperty().get() != null);
        TabPane tabs = robot.lookup("#main-tabs").queryAs(TabPane.class);
        StringBuilder truncated = new StringBuilder();
        int checked = 0;
        for (double[] size : new double[][] {{1360, 800}, {1024, 768}}) {
            FxToolkit.run(() -> {
                stage.setWidth(size[0]);
                stage.setHeight(size[1]);
            });
            for (String name : List.of("Steering", "Interventions")) {
                List<String[]> shown = FxToolkit.fx(() -> {
                    tabs.getTabs().stream().filter(t -> t.getText().equals(name)).findFirst()
                            .ifPresent(t -> tabs.getSelectionModel().select(t));
                    stage.getScene().getRoot().applyCss();
                    stage.getScene().getRoot().layout();
                    List<String[]> out = new ArrayList<>();
                    collect(tabs.getSelectionModel().getSelectedItem().getContent(), out);
                    return out;
                });
                for (String[] s : shown) {
                    checked++;
                    if (!s[1].equals(s[2])) {
                        truncated.append((int) size[0]).append('x').append((int) size[1]).append(' ').append(name).append(": ")
                                .append(s[0]).append(" '").append(s[1]).append("' shown as '").append(s[2]).append("'\n");
                    }
                }
            }
        }
        assertEquals("", truncated.toString(), "truncated labels");
        FxToolkit.run(() -> tabs.getTabs().stream().filter(t -> t.getText().equals("Steering")).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t)));
        assertEquals("1.00", robot.lookup("#steer-layer-weight-0").queryAs(javafx.scene.control.Label.class).getText(),
                "every per-layer weight shows its value");
        assertTrue(robot.lookup("#steer-lambda-value").queryAs(javafx.scene.control.Label.class).getText().matches("lambda \\d\\.\\d{3}"));
        assertTrue(checked > 20, "the walk saw the tabs' labels: " + checked);
    }

    /** (class, text, displayed text) of every visible Labeled with text under {@code n}. */
    private static void collect(Node n, List<String[]> out) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty() && l.getWidth() > 0) {
            Node text = l.lookup(".text");
            if (text instanceof Text t && t.getParent() == l) { // the control's own text (a TitledPane's is in its title)
                out.add(new String[] {l.getClass().getSimpleName() + (l.getId() == null ? "" : "#" + l.getId()), l.getText(), t.getText()});
            }
        }
        if (n instanceof Parent p) {
            for (Node c : p.getChildrenUnmodifiable()) {
                collect(c, out);
            }
        }
    }
}
