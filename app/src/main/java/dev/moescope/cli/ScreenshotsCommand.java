package dev.moescope.cli;

import dev.moescope.app.AppContext;
import dev.moescope.app.AppDriver;
import dev.moescope.app.MainWindow;
import dev.moescope.app.heatmap.HeatmapViewModel;
import dev.moescope.app.interventions.InterventionsViewModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.control.Slider;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Opens the real app on the demo data, visits every tab and saves one PNG per tab. */
@Command(name = "screenshots", mixinStandardHelpOptions = true,
        description = {"Open the app on the demo model (or --model), visit every tab and save one PNG per tab, plus the "
                + "steering tab after a slider moved. Uses the current DISPLAY, or xvfb-run when there is none."})
public final class ScreenshotsCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, description = "Folder for the PNG files (created if missing).")
    Path out;

    @Option(names = "--width", defaultValue = "1440", description = "Window width (default: ${DEFAULT-VALUE}).")
    double width;

    @Option(names = "--height", defaultValue = "900", description = "Window height (default: ${DEFAULT-VALUE}).")
    double height;

    @Option(names = "--dark", description = "Use the dark theme.")
    boolean dark;

    @Mixin
    AppWindowOptions window;

    @Option(names = "--statistics", paramLabel = "DIR", description = "Instead of a model: open recorded statistics "
            + "(File > Open statistics..., e.g. the paper's Qwen3-30B-A3B recorder output) and save the heatmap, "
            + "exclusive/shared map, language tree, layer curves and JSD as statistics-*.png.")
    Path statistics;

    @Option(names = "--model-name", paramLabel = "NAME", description = "With --statistics: the model's name (default: the folder's).")
    String modelName;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var rerun = DisplaySupport.rerunUnderXvfb(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new));
        if (rerun.isPresent()) {
            return rerun.getAsInt();
        }
        Files.createDirectories(out);
        if (statistics != null) {
            statisticsShots();
            Platform.exit();
            System.out.println("screenshots: wrote " + out.toAbsolutePath());
            return 0;
        }
        try (AppDriver app = AppDriver.open(window.model, window.corpus, "dev/moescope/screenshots", width, height)) {
            AppContext ctx = app.context();
            if (dark) {
                AppDriver.runFx(() -> ctx.themeProperty().set(dev.moescope.app.common.Theme.DARK));
            }
            System.err.println("screenshots: waiting for routing statistics (collected on first run)...");
            long end = System.currentTimeMillis() + window.timeoutSeconds * 1000L;
            while (!AppDriver.onFx(() -> ctx.sidebar().statsProperty().get() != null)) {
                if (System.currentTimeMillis() > end) {
                    throw new IllegalStateException("no routing statistics after " + window.timeoutSeconds + " s ("
                            + AppDriver.onFx(() -> ctx.sidebar().progressTextProperty().get()) + ")");
                }
                AppDriver.await("routing statistics", 1000, () -> true);
                Thread.sleep(10_000);
                System.err.println("screenshots: " + AppDriver.onFx(() -> ctx.sidebar().progressTextProperty().get()));
            }

            select(app, 0);
            AppDriver.await("the heatmap", 30_000, () -> ctx.heatmap().valuesProperty().get() != null);
            AppDriver.runFx(() -> ctx.heatmap().select(ctx.heatmap().stats().numLayers() / 2, 0));
            AppDriver.await("the expert card details", 60_000, () -> ctx.heatmap().detailsProperty().get() != null);
            shot(app, "1-heatmap.png");
            AppDriver.runFx(() -> ctx.heatmap().modeProperty().set(HeatmapViewModel.Mode.EXCLUSIVE_SHARED));
            AppDriver.await("the exclusive/shared map", 30_000, () -> ctx.heatmap().categoriesProperty().get() != null);
            shot(app, "1b-heatmap-exclusive-shared.png");

            select(app, 1);
            AppDriver.await("the language clustering", 30_000, () -> ctx.languages().resultProperty().get() != null);
            shot(app, "2-languages.png");

            select(app, 2);
            AppDriver.await("the layer curves", 30_000, () -> ctx.layers().profileProperty().get() != null);
            shot(app, "3-layers.png");
            AppDriver.runFx(() -> ctx.layers().metricProperty().set(dev.moescope.app.layers.LayersViewModel.Metric.JSD));
            shot(app, "3b-layers-jsd.png");

            select(app, 3);
            AppDriver.runFx(() -> {
                ctx.tokens().segmentIndexProperty().set(1);
                ctx.tokens().rightTokens().clear();
                ctx.tokens().pickSegments();
            });
            AppDriver.await("routed tokens", 120_000, () -> !ctx.tokens().rightTokens().isEmpty());
            AppDriver.runFx(() -> ctx.tokens().layerIndexProperty().set(Math.max(0, ctx.session().info().moeLayers().size() / 2)));
            shot(app, "4-tokens.png");

            select(app, 4);
            AppDriver.runFx(() -> {
                InterventionsViewModel iv = ctx.interventions();
                List<String> langs = iv.stats().languages();
                iv.targets().setAll(langs.subList(0, Math.min(3, langs.size())));
                iv.targets().add(InterventionsViewModel.SHARED);
                iv.run();
            });
            AppDriver.await("the intervention matrix", window.timeoutSeconds * 1000L, () -> ctx.interventions().resultProperty().get() != null);
            shot(app, "5-interventions.png");

            select(app, 5);
            awaitSteering(ctx);
            shot(app, "6-steering.png");
            AppDriver.runFx(() -> {
                Slider lambda = (Slider) app.stage().getScene().lookup("#steer-lambda");
                lambda.setValue(Math.min(1, lambda.getValue() + 0.5));
                ctx.steering().commit();
            });
            awaitSteering(ctx);
            shot(app, "6b-steering-after-slider.png");
        }
        Platform.exit();
        System.out.println("screenshots: wrote " + out.toAbsolutePath());
        return 0;
    }

    /** The aggregate tabs on imported statistics (no model), one PNG each. */
    private void statisticsShots() throws Exception {
        try (AppDriver app = AppDriver.open(null, null, "dev/moescope/screenshots", width, height, false)) {
            AppContext ctx = app.context();
            if (dark) {
                AppDriver.runFx(() -> ctx.themeProperty().set(dev.moescope.app.common.Theme.DARK));
            }
            AppDriver.runFx(() -> ctx.sidebar().openStatistics(statistics, modelName));
            AppDriver.await("the imported statistics", window.timeoutSeconds * 1000L, () -> ctx.sidebar().statsProperty().get() != null);
            select(app, 0);
            AppDriver.await("the heatmap", 30_000, () -> ctx.heatmap().valuesProperty().get() != null);
            shot(app, "statistics-1-heatmap.png");
            AppDriver.runFx(() -> ctx.heatmap().modeProperty().set(HeatmapViewModel.Mode.EXCLUSIVE_SHARED));
            AppDriver.await("the exclusive/shared map", 30_000, () -> ctx.heatmap().categoriesProperty().get() != null);
            shot(app, "statistics-1b-exclusive-shared.png");
            select(app, 1);
            AppDriver.await("the language clustering", 30_000, () -> ctx.languages().resultProperty().get() != null);
            shot(app, "statistics-2-languages.png");
            select(app, 2);
            AppDriver.await("the layer curves", 30_000, () -> ctx.layers().profileProperty().get() != null);
            shot(app, "statistics-3-layers.png");
            AppDriver.runFx(() -> ctx.layers().metricProperty().set(dev.moescope.app.layers.LayersViewModel.Metric.JSD));
            shot(app, "statistics-3b-layers-jsd.png");
            select(app, 3);
            shot(app, "statistics-4-tokens-unavailable.png");
        }
    }

    private static void awaitSteering(AppContext ctx) throws Exception {
        AppDriver.settle(300);
        AppDriver.await("the steered output", 120_000, () -> !ctx.steering().generatingProperty().get()
                && !ctx.steering().steeredChips().isEmpty() && !ctx.steering().baselineChips().isEmpty());
    }

    private static void select(AppDriver app, int tab) throws Exception {
        AppDriver.runFx(() -> app.window().tabs().getSelectionModel().select(tab));
        AppDriver.settle(200);
    }

    private void shot(AppDriver app, String name) throws Exception {
        AppDriver.settle(600);
        var image = AppDriver.onFx(() -> app.stage().getScene().snapshot(null));
        Path file = out.resolve(name);
        ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
        System.err.println("screenshots: " + file + " (" + MainWindow.TAB_NAMES.length + " tabs)");
    }
}
