package dev.moescope.app.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.AppContext;
import dev.moescope.app.MainWindow;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.testing.FakeBackend;
import dev.moescope.app.testing.FxToolkit;
import java.util.UUID;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** File > Connect to a server...: the dialog collects from the (fake) server and the window says what the run lacks. */
@ExtendWith(ApplicationExtension.class)
class RemoteConnectDialogTest {
    private AppContext context;
    private MainWindow window;
    private Scene scene;

    @Start
    void start(Stage stage) {
        FakeBackend backend = new FakeBackend();
        backend.cached = true;
        context = new AppContext(backend, new AppPreferences(Preferences.userRoot().node("dev/moescope/test-" + UUID.randomUUID())));
        window = new MainWindow(context);
        scene = window.createScene(1200, 800);
        stage.setScene(scene);
        stage.show();
        context.start();
    }

    @Test
    void dialogFromTheFileMenuCollectsAndTheStatusBarExplainsTheRun(FxRobot robot) throws Exception {
        FxToolkit.await("statistics", 10_000, () -> context.sidebar().statsProperty().get() != null);
        MenuBar menus = robot.lookup("#menu-bar").queryAs(MenuBar.class);
        assertEquals("File", menus.getMenus().get(0).getText());
        assertTrue(menus.getMenus().get(0).getItems().stream().anyMatch(i -> "Connect to a server...".equals(i.getText())));
        RemoteConnectDialog dialog = FxToolkit.fx(() -> window.openRemoteDialog());
        Scene d = dialog.stage().getScene();
        StringBuilder untipped = new StringBuilder();
        for (Node n : FxToolkit.fx(() -> d.getRoot().lookupAll(".button, .text-field, .choice-box, .spinner"))) {
            if (n instanceof Control c && c.getTooltip() == null) {
                untipped.append(c).append('\n');
            }
        }
        assertEquals("", untipped.toString(), "every control has a tooltip");
        FxToolkit.run(() -> ((TextField) d.lookup("#remote-url")).setText("http://gpu-node-0:8000"));
        assertEquals("http://gpu-node-0:8000", context.remote().urlProperty().get());
        FxToolkit.run(() -> ((Button) d.lookup("#remote-collect")).fire());
        FxToolkit.await("collected", 10_000, () -> context.sidebar().remoteRunProperty().get() != null);
        FxToolkit.await("status", 5_000, () -> ((Label) d.lookup("#remote-status")).getText().startsWith("Collected"));
        Label note = robot.lookup("#remote-run-note").queryAs(Label.class);
        assertTrue(note.isVisible());
        assertTrue(note.getText().startsWith("Ids-only routing of served-moe from http://gpu-node-0:8000"), note.getText());
        FxToolkit.run(() -> dialog.stage().close());
    }
}
