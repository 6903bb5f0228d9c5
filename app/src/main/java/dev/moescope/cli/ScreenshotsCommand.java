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

    @Option(names = "--fixture-model", paramLabel = "DIR", description = "After the demo's tabs: switch to this model "
            + "(e.g. app/src/test/resources/fixtures/olmoe/model) and save every tab again as 7-model-*.png.")
    Path fixtureModel;

    @Option(names = "--user-corpus", negatable = true, defaultValue = "true", description = "After that: switch to a "
            + "small corpus folder of <lang>.txt files made on the fly and save every tab as 8-corpus-*.png "
            + "(default: ${DEFAULT-VALUE}; --no-user-corpus to skip).")
    boolean userCorpus;

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
            awaitStats(ctx, () -> true);

            everyTab(app, "");
            if (fixtureModel != null) {
                System.err.println("screenshots: switching to " + fixtureModel + "...");
                AppDriver.runFx(() -> ctx.sidebar().loadModel(fixtureModel, false));
                awaitStats(ctx, () -> ctx.session() != null && !ctx.session().info().isDemo());
                everyTab(app, "7-model-");
                AppDriver.runFx(() -> ctx.sidebar().loadModel(window.model, false));
                // the model given (or the demo) is open again, not still the fixture
                awaitStats(ctx, () -> ctx.session() != null && java.util.Objects.equals(ctx.session().info().dir(), window.model));
            }
            if (userCorpus) {
                Path corpus = UserCorpus.write(Files.createTempDirectory("moescope-user-corpus").resolve("my-corpus"));
                System.err.println("screenshots: switching to the corpus " + corpus + "...");
                AppDriver.runFx(() -> ctx.sidebar().setCorpus(corpus));
                awaitStats(ctx, () -> corpus.equals(ctx.sidebar().corpusProperty().get()));
                everyTab(app, "8-corpus-");
            }
        }
        Platform.exit();
        System.out.println("screenshots: wrote " + out.toAbsolutePath());
        return 0;
    }

    /** Visits every tab in the state the app is in, one PNG per tab (names start with {@code prefix}). */
    private void everyTab(AppDriver app, String prefix) throws Exception {
        AppContext ctx = app.context();
        AppDriver.runFx(() -> {
            ctx.heatmap().modeProperty().set(HeatmapViewModel.Mode.FREQUENCY);
            ctx.layers().metricProperty().set(dev.moescope.app.layers.LayersViewModel.Metric.EXCLUSIVE);
        });
        select(app, 0);
        AppDriver.await("the heatmap", 30_000, () -> ctx.heatmap().valuesProperty().get() != null);
        AppDriver.runFx(() -> ctx.heatmap().select(ctx.heatmap().stats().numLayers() / 2, 0));
        AppDriver.await("the expert card details", 60_000, () -> ctx.heatmap().detailsProperty().get() != null);
        shot(app, prefix + "1-heatmap.png");
        AppDriver.runFx(() -> ctx.heatmap().modeProperty().set(HeatmapViewModel.Mode.EXCLUSIVE_SHARED));
        AppDriver.await("the exclusive/shared map", 30_000, () -> ctx.heatmap().categoriesProperty().get() != null);
        shot(app, prefix + "1b-heatmap-exclusive-shared.png");

        select(app, 1);
        AppDriver.await("the language clustering", 30_000, () -> ctx.languages().resultProperty().get() != null);
        shot(app, prefix + "2-languages.png");

        select(app, 2);
        AppDriver.await("the layer curves", 30_000, () -> ctx.layers().profileProperty().get() != null);
        shot(app, prefix + "3-layers.png");
        AppDriver.runFx(() -> ctx.layers().metricProperty().set(dev.moescope.app.layers.LayersViewModel.Metric.JSD));
        shot(app, prefix + "3b-layers-jsd.png");

        select(app, 3);
        AppDriver.runFx(() -> {
            ctx.tokens().segmentIndexProperty().set(1);
            ctx.tokens().rightTokens().clear();
            ctx.tokens().pickSegments();
        });
        AppDriver.await("routed tokens", 120_000, () -> !ctx.tokens().rightTokens().isEmpty());
        AppDriver.runFx(() -> ctx.tokens().layerIndexProperty().set(Math.max(0, ctx.session().info().moeLayers().size() / 2)));
        shot(app, prefix + "4-tokens.png");

        select(app, 4);
        AppDriver.runFx(() -> {
            InterventionsViewModel iv = ctx.interventions();
            List<String> langs = iv.stats().languages();
            iv.targets().setAll(langs.subList(0, Math.min(3, langs.size())));
            iv.targets().add(InterventionsViewModel.SHARED);
            iv.run();
        });
        // a corpus without a held-out split (or a failed run) leaves no matrix: the tab says why, and is shot as it is
        AppDriver.await("the intervention matrix", window.timeoutSeconds * 1000L, () -> ctx.interventions().resultProperty().get() != null
                || !ctx.interventions().runningProperty().get());
        shot(app, prefix + "5-interventions.png");

        select(app, 5);
        AppDriver.runFx(() -> {
            // the paper's rule needs two targets (T1 first): the first two languages, English first where there
            List<String> langs = ctx.steering().availableLanguages();
            List<String> two = new java.util.ArrayList<>(langs.contains("en") ? List.of("en") : List.of());
            langs.stream().filter(l -> !two.contains(l)).limit(2 - two.size()).forEach(two::add);
            ctx.steering().targetLanguages().setAll(two);
        });
        awaitSteering(ctx);
        shot(app, prefix + "6-steering.png");
        AppDriver.runFx(() -> {
            Slider lambda = (Slider) app.stage().getScene().lookup("#steer-lambda");
            lambda.setValue(Math.min(1, lambda.getValue() + 0.5));
            ctx.steering().commit();
        });
        awaitSteering(ctx);
        shot(app, prefix + "6b-steering-after-slider.png");
    }

    /** Waits for the statistics of the state {@code ready} describes (a switch clears the old ones first). */
    private void awaitStats(AppContext ctx, java.util.function.BooleanSupplier ready) throws Exception {
        long end = System.currentTimeMillis() + window.timeoutSeconds * 1000L;
        int polls = 0;
        while (!AppDriver.onFx(() -> ready.getAsBoolean() && ctx.sidebar().statsProperty().get() != null)) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("no routing statistics after " + window.timeoutSeconds + " s ("
                        + AppDriver.onFx(() -> ctx.sidebar().progressTextProperty().get()) + ")");
            }
            AppDriver.settle(500);
            if (++polls % 20 == 0) {
                System.err.println("screenshots: " + AppDriver.onFx(() -> ctx.sidebar().progressTextProperty().get()));
            }
        }
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
