package dev.moescope.app.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.AppContext;
import dev.moescope.app.MainWindow;
import dev.moescope.app.backend.CoreBackend;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.testing.FxToolkit;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.prefs.Preferences;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * File > Open statistics... in the real window, without any model: a small folder in the paper's recorder layout
 * imports into the store, the aggregate tabs show it, and the tabs that need traces or a model say why.
 */
@ExtendWith(ApplicationExtension.class)
class OpenStatisticsTest {
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private AppContext context;
    private Path folder;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("moescope-import");
        folder = Files.createDirectories(dir.resolve("tiny-recorder"));
        for (String lang : List.of("de", "en", "zh")) {
            try (InputStream in = getClass().getResourceAsStream("/dev/moescope/cli/paper-recorder/handmade_" + lang + ".json")) {
                Files.copy(in, folder.resolve("mgsm_" + lang + ".json"));
            }
        }
        AppPreferences prefs = new AppPreferences(Preferences.userRoot().node("dev/moescope/test-" + UUID.randomUUID()));
        context = new AppContext(new CoreBackend(dir.resolve("store.db")), prefs);
        MainWindow window = new MainWindow(context);
        context.errorsProperty().set(errors::add);
        stage.setScene(window.createScene(1280, 800));
        stage.show();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.run(() -> context.close());
    }

    @Test
    void importedStatisticsFillTheAggregateTabsAndTheOthersSayWhy(FxRobot robot) throws Exception {
        assertTrue(robot.lookup("#menu-bar").tryQuery().isPresent(), "the File menu");
        FxToolkit.run(() -> context.sidebar().openStatistics(folder, "Tiny-MoE"));
        FxToolkit.await("imported statistics", 30_000, () -> !errors.isEmpty() || context.sidebar().statsProperty().get() != null);
        assertTrue(errors.isEmpty(), errors.toString());
        assertEquals(List.of("de", "en", "zh"), context.sidebar().statsProperty().get().languages());
        assertNull(context.session(), "no model: its routing would not match the imported statistics");
        String summary = FxToolkit.fx(() -> context.sidebar().modelSummaryProperty().get());
        assertTrue(summary.contains("Imported statistics · Tiny-MoE · 4 MoE layers x 8 experts, top-2"), summary);
        assertTrue(FxToolkit.fx(() -> context.sidebar().progressTextProperty().get()).contains("low-precision counting"));
        String corpusLine = FxToolkit.fx(() -> robot.lookup("#corpus-label").queryAs(Label.class).getText());
        assertTrue(corpusLine.startsWith("Imported statistics of Tiny-MoE from ") && !corpusLine.contains("UDHR"), corpusLine);

        FxToolkit.await("the heatmap", 10_000, () -> context.heatmap().valuesProperty().get() != null);
        assertEquals(4, FxToolkit.fx(() -> context.heatmap().valuesProperty().get().layers()));
        FxToolkit.await("the dendrogram", 10_000, () -> context.languages().resultProperty().get() != null);
        assertEquals(2, FxToolkit.fx(() -> context.languages().resultProperty().get().agreement().familyCount()),
                "de and en are Germanic, zh Sino-Tibetan: families from the language table, not one per language");
        FxToolkit.await("the layer profile", 10_000, () -> context.layers().profileProperty().get() != null);
        assertEquals(4, FxToolkit.fx(() -> context.layers().profileProperty().get().layers().size()));

        for (var availability : List.of(context.tokens().availability(), context.interventions().availability(),
                context.steering().availability())) {
            String why = FxToolkit.fx(() -> availability.reasonProperty().get());
            assertTrue(why != null && why.contains("Tiny-MoE") && why.contains("imported"), String.valueOf(why));
        }
        robot.clickOn("#tab-tokens");
        FxToolkit.await("the tokens tab's message", 5_000, () -> robot.lookup(".unavailable-message").queryAllAs(Label.class)
                .stream().anyMatch(l -> l.isVisible() && l.getScene() != null && l.getText().contains("token inspector")));
    }
}
