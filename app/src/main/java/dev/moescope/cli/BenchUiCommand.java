package dev.moescope.cli;

import dev.moescope.app.AppContext;
import dev.moescope.app.AppDriver;
import dev.moescope.app.steering.SteeringPreset;
import dev.moescope.app.steering.SteeringViewModel;
import dev.moescope.viz.heatmap.LayerExpertHeatmap;
import dev.moescope.viz.heatmap.LayerExpertValues;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Slider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * UI latency in the real window: slider release to the first steered token on screen, to the end of a
 * 48-token continuation, and a full heatmap redraw of a 48 x 128 grid. Prints one JSON line.
 */
@Command(name = "bench-ui", mixinStandardHelpOptions = true,
        description = {"Measure UI latency in the real app window and print one JSON line: steer_first_token_ms_p50 "
                + "(slider release to the first token of the new steered output on screen), steer_continuation_ms_p50 "
                + "(48 new tokens), heatmap_redraw_ms_p50 (48 x 128 grid). Targets: < 50, < 500, < 16 ms."})
public final class BenchUiCommand implements Callable<Integer> {
    @Option(names = "--model", description = "Model folder instead of the bundled demo model.")
    Path model;

    @Option(names = "--runs", defaultValue = "15", description = "Measured runs per metric (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--timeout", defaultValue = "900", description = "Seconds to wait for collection (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--corpus", description = "Corpus (JSONL file or folder) instead of the bundled UDHR corpus.")
    Path corpus;

    @Spec
    CommandSpec spec;

    /** Pulse times after the latest commit, recorded by a post-layout pulse listener. */
    private volatile long firstOnScreen;
    private volatile long completeOnScreen;

    @Override
    public Integer call() throws Exception {
        var rerun = DisplaySupport.rerunUnderXvfb(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new));
        if (rerun.isPresent()) {
            return rerun.getAsInt();
        }
        double first;
        double cont;
        double redraw;
        double firstInList;
        try (AppDriver app = AppDriver.open(model, corpus, "dev/moescope/bench-ui", 1440, 900)) {
            AppContext ctx = app.context();
            AppDriver.await("routing statistics", timeoutSeconds * 1000L, () -> ctx.sidebar().statsProperty().get() != null);
            SteeringViewModel vm = ctx.steering();
            AppDriver.runFx(() -> {
                app.window().tabs().getSelectionModel().select(5);
                vm.applyPreset(SteeringPreset.BUILT_IN.get(0));
            });
            awaitDone(vm);
            Scene scene = app.stage().getScene();
            AppDriver.runFx(() -> scene.addPostLayoutPulseListener(() -> {
                long now = System.nanoTime();
                if (firstOnScreen == 0 && !Double.isNaN(vm.firstTokenMsProperty().get())) {
                    firstOnScreen = now;
                }
                if (completeOnScreen == 0 && !Double.isNaN(vm.completeMsProperty().get())) {
                    completeOnScreen = now;
                }
            }));
            List<Double> firsts = new ArrayList<>();
            List<Double> inLists = new ArrayList<>();
            List<Double> conts = new ArrayList<>();
            int warmup = 3;
            for (int i = 0; i < warmup + runs; i++) {
                final int run = i;
                long t0 = AppDriver.onFx(() -> {
                    Slider lambda = (Slider) scene.lookup("#steer-lambda");
                    lambda.setValue(run % 2 == 0 ? 0.9 : 0.3);
                    firstOnScreen = 0;
                    completeOnScreen = 0;
                    long now = System.nanoTime();
                    vm.commit(); // what releasing the slider does
                    return now;
                });
                awaitDone(vm);
                AppDriver.await("the end of the steered output on screen", 30_000, () -> completeOnScreen != 0 && firstOnScreen != 0);
                if (i >= warmup) {
                    firsts.add((firstOnScreen - t0) / 1e6);
                    inLists.add(vm.firstTokenMsProperty().get());
                    conts.add((completeOnScreen - t0) / 1e6);
                }
            }
            first = p50(firsts);
            firstInList = p50(inLists);
            cont = p50(conts);
            redraw = heatmapRedraw(app);
        }
        Platform.exit();
        System.out.println(String.format(Locale.ROOT, "{\"steer_first_token_ms_p50\": %.2f, \"steer_continuation_ms_p50\": %.2f, "
                + "\"heatmap_redraw_ms_p50\": %.2f, \"steer_first_token_in_list_ms_p50\": %.2f, \"runs\": %d, \"model\": \"%s\"}",
                first, cont, redraw, firstInList, runs,
                model == null ? "demo" : model.toString()));
        return 0;
    }

    private static void awaitDone(SteeringViewModel vm) throws Exception {
        AppDriver.await("the steered output", 60_000, () -> !vm.generatingProperty().get() && !Double.isNaN(vm.completeMsProperty().get()));
    }

    /** Full redraws of the real heatmap (new 48 x 128 values each time), timed on the FX thread. */
    private double heatmapRedraw(AppDriver app) throws Exception {
        AppDriver.runFx(() -> app.window().tabs().getSelectionModel().select(0));
        AppDriver.settle(500);
        Random rng = new Random(7);
        double[][][] frames = new double[4][48][128]; // [frame][layer][expert]
        for (double[][] f : frames) {
            for (double[] row : f) {
                for (int e = 0; e < row.length; e++) {
                    row[e] = rng.nextDouble();
                }
            }
        }
        LayerExpertHeatmap chart = (LayerExpertHeatmap) app.stage().getScene().lookup("#layer-expert-heatmap");
        AppDriver.runFx(() -> chart.showSequential(new LayerExpertValues("bench", "frequency", frames[0]), 1.0));
        AppDriver.settle(300);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 40 + Math.max(runs, 30); i++) {
            final int k = i;
            double ms = AppDriver.onFx(() -> {
                long t0 = System.nanoTime();
                chart.updateValues(frames[(k + 1) % frames.length]);
                return (System.nanoTime() - t0) / 1e6;
            });
            if (i >= 40) {
                times.add(ms);
            }
        }
        return p50(times);
    }

    static double p50(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
