package dev.moescope.app.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.AppContext;
import dev.moescope.app.MainWindow;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.testing.FakeBackend;
import dev.moescope.app.testing.FxToolkit;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.Preferences;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.controlsfx.control.CheckComboBox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real views (not only their view-models) through a corpus switch: the language check boxes of the Steering
 * and Interventions toolbars follow the new corpus's languages, and no listener throws (a check model indexed
 * the old items and threw IndexOutOfBoundsException on every switch).
 */
@ExtendWith(ApplicationExtension.class)
class ViewSwitchTest {
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private AppContext context;

    @Start
    void start(Stage stage) {
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> errors.add(e));
        FakeBackend backend = new FakeBackend();
        backend.shaped = true;
        backend.msPerStep = 1;
        AppPreferences prefs = new AppPreferences(Preferences.userRoot().node("dev/moescope/test-" + UUID.randomUUID()));
        context = new AppContext(backend, prefs);
        context.errorsProperty().set(errors::add);
        Scene scene = new MainWindow(context).createScene(1360, 800);
        stage.setScene(scene);
        stage.show();
        context.start();
    }

    @Test
    @SuppressWarnings("unchecked")
    void languageBoxesFollowACorpusSwitchWithoutThrowing(FxRobot robot) throws Exception {
        FxToolkit.await("statistics", 10_000, () -> context.sidebar().statsProperty().get() != null);
        CheckComboBox<String> steerTargets = robot.lookup("#steer-targets").queryAs(CheckComboBox.class);
        FxToolkit.run(() -> context.sidebar().setCorpus(Path.of("/corpora/tri-corpus")));
        FxToolkit.await("the 3-language corpus in the steering box", 10_000,
                () -> steerTargets.getItems().size() == 3 && steerTargets.getItems().containsAll(List.of("fr", "es", "it")));
        // the third item checked, then back to a corpus with two languages: index 2 no longer exists
        FxToolkit.run(() -> steerTargets.getCheckModel().check(2));
        FxToolkit.run(() -> context.sidebar().setCorpus(null));
        FxToolkit.await("the demo corpus's two languages in the steering box", 10_000,
                () -> steerTargets.getItems().size() == 2 && steerTargets.getItems().containsAll(List.of("en", "de")));
        FxToolkit.run(() -> steerTargets.getCheckModel().check("de"));
        assertTrue(FxToolkit.fx(() -> steerTargets.getCheckModel().getCheckedItems().contains("de")));
        assertEquals(List.of(), errors, "nothing thrown on the switches");
        // the app's k follows the model's expert count; the heatmap's spinner shows the k in use
        javafx.scene.control.Spinner<Integer> k = robot.lookup("#heatmap-k").queryAs(javafx.scene.control.Spinner.class);
        int experts = FxToolkit.fx(() -> context.sidebar().statsProperty().get().numExperts());
        assertEquals(dev.moescope.routing.analysis.ExpertClassification.defaultTopK(experts),
                FxToolkit.fx(() -> context.heatmap().kProperty().get()));
        assertEquals(FxToolkit.fx(() -> context.heatmap().kProperty().get()), FxToolkit.fx(k::getValue));
    }
}
