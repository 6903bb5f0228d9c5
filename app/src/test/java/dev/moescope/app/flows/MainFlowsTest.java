package dev.moescope.app.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.AppContext;
import dev.moescope.app.MainWindow;
import dev.moescope.app.backend.CoreBackend;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.steering.ChipPair;
import dev.moescope.app.steering.ManualBiasParser;
import dev.moescope.app.steering.SteeringViewModel;
import dev.moescope.app.testing.FxToolkit;
import dev.moescope.viz.heatmap.LayerExpertHeatmap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.Preferences;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The main flows in the real window (headless Monocle): open a model (the tiny test checkpoint stands in
 * for the demo), collect two languages with visible progress, the heatmap shows data, and dragging a
 * steering slider changes the steered output.
 */
@ExtendWith(ApplicationExtension.class)
class MainFlowsTest {
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private AppContext context;
    private Path storeDir;

    @Start
    void start(Stage stage) throws Exception {
        Path model = Path.of(getClass().getResource("/dev/moescope/app/tiny-model").toURI());
        Path corpus = Path.of(getClass().getResource("/dev/moescope/app/mini-corpus.jsonl").toURI());
        storeDir = Files.createTempDirectory("moescope-flows");
        AppPreferences prefs = new AppPreferences(Preferences.userRoot().node("dev/moescope/test-" + UUID.randomUUID()));
        prefs.setModelDir(model.toString());
        prefs.setCorpus(corpus.toString());
        prefs.setLanguages(List.of("en", "de"));
        context = new AppContext(new CoreBackend(storeDir.resolve("store.db")), prefs);
        context.sidebar().autoCollectProperty().set(false);
        MainWindow window = new MainWindow(context);
        context.errorsProperty().set(errors::add);
        stage.setScene(window.createScene(1280, 800));
        stage.show();
        context.start();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.run(() -> context.close());
    }

    private void awaitFx(String what, long ms, java.util.function.BooleanSupplier cond) throws Exception {
        long end = System.currentTimeMillis() + ms;
        while (System.currentTimeMillis() < end) {
            if (!errors.isEmpty()) {
                throw new AssertionError("app error while waiting for " + what, errors.get(0));
            }
            if (FxToolkit.fx(cond::getAsBoolean)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + " (sidebar: "
                + FxToolkit.fx(() -> context.sidebar().progressTextProperty().get() + ", collecting "
                + context.sidebar().collectingProperty().get()) + ")");
    }

    @Test
    void openCollectTwoLanguagesHeatmapAndSteer(FxRobot robot) throws Exception {
        // open: the model loads and its summary shows in the sidebar
        awaitFx("the model", 120_000, () -> context.session() != null);
        Label summary = robot.lookup("#model-summary").queryAs(Label.class);
        assertTrue(summary.getText().contains("qwen3_moe"), summary.getText());
        awaitFx("the language list", 30_000, () -> context.sidebar().selectedLanguages().size() == 2);
        awaitFx("the cache check", 30_000, () -> context.sidebar().progressTextProperty().get().startsWith("Not collected"));

        // collect two languages with the Collect button
        robot.clickOn("#collect");
        awaitFx("the collection to start", 20_000, () -> context.sidebar().collectingProperty().get()
                || context.sidebar().statsProperty().get() != null);
        awaitFx("routing statistics", 300_000, () -> context.sidebar().statsProperty().get() != null);
        assertEquals(List.of("en", "de"), context.sidebar().statsProperty().get().languages());
        assertEquals(1.0, context.sidebar().progressProperty().get(), 1e-9);

        // the heatmap shows the frequencies: 3 MoE layers x 8 experts, and cells under the mouse
        awaitFx("the heatmap", 30_000, () -> context.heatmap().valuesProperty().get() != null);
        assertEquals(3, context.heatmap().valuesProperty().get().layers());
        assertEquals(8, context.heatmap().valuesProperty().get().experts());
        LayerExpertHeatmap chart = robot.lookup("#layer-expert-heatmap").queryAs(LayerExpertHeatmap.class);
        var area = FxToolkit.fx(chart::dataArea);
        assertNotNull(area, "the chart is laid out");
        int[] cell = FxToolkit.fx(() -> chart.cellAt(area.getCenterX(), area.getCenterY()));
        assertNotNull(cell, "a cell under the centre of the plot");
        robot.clickOn(chart, MouseButton.PRIMARY);
        // steering: manual biases, then drag the lambda slider
        robot.clickOn("#tab-steering");
        SteeringViewModel steering = context.steering();
        FxToolkit.run(() -> {
            steering.modeProperty().set(SteeringViewModel.Mode.MANUAL_BIAS);
            steering.bandLowProperty().set(0);
            steering.bandHighProperty().set(2);
            steering.manualBiases().setAll(ManualBiasParser.parse("0:3=8, 0:5=8, 1:2=8, 1:6=8, 2:1=8, 2:7=8"));
            steering.maxNewTokensProperty().set(16);
            steering.lambdaProperty().set(0);
            steering.commit();
        });
        awaitFx("the unsteered output", 60_000, () -> !steering.generatingProperty().get()
                && steering.steeredChips().size() == 16 && steering.baselineChips().size() == 16);
        List<String> before = FxToolkit.fx(() -> steering.steeredChips().stream().map(ChipPair.Chip::text).toList());
        assertEquals(0, FxToolkit.fx(() -> steering.steeredChips().stream().filter(ChipPair.Chip::differs).count()),
                "lambda 0: steered equals the baseline");

        Slider lambda = robot.lookup("#steer-lambda").queryAs(Slider.class);
        Node thumb = lambda.lookup(".thumb");
        robot.drag(thumb, MouseButton.PRIMARY).moveBy(lambda.getWidth() * 0.9, 0).release(MouseButton.PRIMARY);
        assertTrue(lambda.getValue() > 0.5, "the drag moved the slider: " + lambda.getValue());
        awaitFx("the steered output to change", 60_000, () -> !steering.generatingProperty().get()
                && steering.steeredChips().size() == 16
                && !steering.steeredChips().stream().map(ChipPair.Chip::text).toList().equals(before));
        long differing = FxToolkit.fx(() -> steering.steeredChips().stream().filter(ChipPair.Chip::differs).count());
        assertTrue(differing > 0, "differing tokens are highlighted");
        Node steeredPane = robot.lookup("#steered-output").query();
        assertTrue(steeredPane.lookupAll(".chip-differs").size() > 0, "highlighted chips on screen");
        assertNotEquals(before, FxToolkit.fx(() -> steering.steeredChips().stream().map(ChipPair.Chip::text).toList()));
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
