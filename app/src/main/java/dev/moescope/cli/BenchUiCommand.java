package dev.moescope.cli;

import dev.moescope.app.AppContext;
import dev.moescope.app.AppDriver;
import dev.moescope.app.steering.SteeringPreset;
import dev.moescope.app.steering.SteeringViewModel;
import dev.moescope.viz.heatmap.LayerExpertHeatmap;
import dev.moescope.viz.heatmap.LayerExpertValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Slider;
import javafx.scene.image.WritableImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * UI latency in the real window: slider release to the first steered token on screen, to the end of a
 * 48-token continuation, and a full heatmap redraw of a 48 x 128 grid. Prints one JSON line.
 */
@Command(name = "bench-ui", mixinStandardHelpOptions = true,
        description = {"Measure UI latency in the real app window and print one JSON line:",
                "  steer_first_token_ms_p50: slider release to the end of the first rendered frame that shows the "
                        + "first token of the new steered output (target < 50 ms on a 2-core CPU, demo model);",
                "  steer_continuation_ms_p50: the same, to the frame showing all 48 new tokens (target < 500 ms);",
                "  heatmap_redraw_ms_p50: new values in the 48 x 128 layer x expert heatmap, redrawn by JFreeChart "
                        + "and rasterised (a snapshot of the chart; target < 16 ms);",
                "  also heatmap_draw_fx_thread_ms_p50 (the FX-thread part) and steer_first_token_in_list_ms_p50 "
                        + "(the token reaching the view-model).",
                "Uses the current DISPLAY, or xvfb-run when there is none."})
public final class BenchUiCommand implements Callable<Integer> {
    @Mixin
    AppWindowOptions window;

    @Option(names = "--runs", defaultValue = "15", description = "Measured runs per metric (default: ${DEFAULT-VALUE}).")
    int runs;

    @Spec
    CommandSpec spec;

    /** Layout pulse times after the latest commit, recorded by a post-layout pulse listener. */
    private volatile long firstLaidOut;
    private volatile long completeLaidOut;

    @Override
    public Integer call() throws Exception {
        var rerun = DisplaySupport.rerunUnderXvfb(spec.commandLine().getParseResult().originalArgs().toArray(String[]::new));
        if (rerun.isPresent()) {
            return rerun.getAsInt();
        }
        double first;
        double cont;
        Redraw redraw;
        double firstInList;
        try (AppDriver app = AppDriver.open(window.model, window.corpus, "dev/moescope/bench-ui", 1440, 900)) {
            AppContext ctx = app.context();
            AppDriver.await("routing statistics", window.timeoutSeconds * 1000L, () -> ctx.sidebar().statsProperty().get() != null);
            SteeringViewModel vm = ctx.steering();
            AppDriver.runFx(() -> {
                app.window().tabs().getSelectionModel().select(5);
                vm.applyPreset(SteeringPreset.ENGLISH_SHARED); // experts shared by en and X, middle layers, lambda 0.3
            });
            awaitDone(vm);
            Scene scene = app.stage().getScene();
            AppDriver.runFx(() -> scene.addPostLayoutPulseListener(() -> {
                long now = System.nanoTime();
                if (firstLaidOut == 0 && !Double.isNaN(vm.firstTokenMsProperty().get())) {
                    firstLaidOut = now;
                }
                if (completeLaidOut == 0 && !Double.isNaN(vm.completeMsProperty().get())) {
                    completeLaidOut = now;
                }
            }));
            RenderedFrames frames = AppDriver.onFx(() -> RenderedFrames.attach(scene));
            List<Double> firsts = new ArrayList<>();
            List<Double> inLists = new ArrayList<>();
            List<Double> conts = new ArrayList<>();
            int warmup = 3;
            for (int i = 0; i < warmup + runs; i++) {
                final int run = i;
                long t0 = AppDriver.onFx(() -> {
                    Slider lambda = (Slider) scene.lookup("#steer-lambda");
                    lambda.setValue(run % 2 == 0 ? 0.9 : 0.3);
                    firstLaidOut = 0;
                    completeLaidOut = 0;
                    long now = System.nanoTime();
                    vm.commit(); // what releasing the slider does
                    return now;
                });
                AppDriver.await("the first steered token laid out", 30_000, () -> firstLaidOut != 0);
                long firstShown = frames.firstFrameAfter(firstLaidOut, 10_000);
                awaitDone(vm);
                AppDriver.await("the end of the steered output laid out", 30_000, () -> completeLaidOut != 0);
                long completeShown = frames.firstFrameAfter(completeLaidOut, 10_000);
                if (i >= warmup) {
                    firsts.add((firstShown - t0) / 1e6);
                    inLists.add(vm.firstTokenMsProperty().get());
                    conts.add((completeShown - t0) / 1e6);
                }
            }
            AppDriver.runFx(frames::close);
            first = p50(firsts);
            firstInList = p50(inLists);
            cont = p50(conts);
            redraw = heatmapRedraw(app);
        }
        Platform.exit();
        System.out.println(String.format(Locale.ROOT, "{\"steer_first_token_ms_p50\": %.2f, \"steer_continuation_ms_p50\": %.2f, "
                + "\"heatmap_redraw_ms_p50\": %.2f, \"heatmap_draw_fx_thread_ms_p50\": %.2f, "
                + "\"steer_first_token_in_list_ms_p50\": %.2f, \"runs\": %d, \"model\": \"%s\"}",
                first, cont, redraw.rasterisedMs(), redraw.fxMs(), firstInList, runs,
                window.modelName()));
        return 0;
    }

    private static void awaitDone(SteeringViewModel vm) throws Exception {
        AppDriver.await("the steered output", 60_000, () -> !vm.generatingProperty().get() && !Double.isNaN(vm.completeMsProperty().get()));
    }

    /** p50s of the heatmap redraw: on the FX thread only, and with the chart rasterised. */
    record Redraw(double fxMs, double rasterisedMs) {}

    /**
     * Full redraws of the real heatmap with new 48 x 128 values each time, after a JIT warm-up. Each run
     * times {@code updateValues} (JFreeChart draws the whole chart into the canvas on the FX thread) and
     * then a snapshot of the chart, which makes Prism rasterise the canvas and read the pixels back: an
     * upper bound of what the frame that shows the change costs.
     */
    private Redraw heatmapRedraw(AppDriver app) throws Exception {
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
        WritableImage pixels = AppDriver.onFx(() -> new WritableImage(
                (int) Math.ceil(chart.getWidth()), (int) Math.ceil(chart.getHeight())));
        List<Double> fx = new ArrayList<>();
        List<Double> rasterised = new ArrayList<>();
        int warmup = 300;
        for (int i = 0; i < warmup + Math.max(runs, 50); i++) {
            final int k = i;
            double[] ms = AppDriver.onFx(() -> {
                long t0 = System.nanoTime();
                chart.updateValues(frames[(k + 1) % frames.length]);
                long t1 = System.nanoTime();
                chart.snapshot(null, pixels);
                long t2 = System.nanoTime();
                return new double[] {(t1 - t0) / 1e6, (t2 - t0) / 1e6};
            });
            if (i >= warmup) {
                fx.add(ms[0]);
                rasterised.add(ms[1]);
            }
        }
        return new Redraw(p50(fx), p50(rasterised));
    }

    static double p50(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
