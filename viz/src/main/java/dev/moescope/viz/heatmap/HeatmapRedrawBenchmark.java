package dev.moescope.viz.heatmap;

import dev.moescope.viz.style.ChartTheme;
import java.util.Locale;
import java.util.Random;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.GrayPaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;

/**
 * Prints {@code heatmap_redraw_ms_p50}: a full redraw (new 48 x 128 values + paint of the whole chart
 * with axes and colour bar) into a 1200 x 600 image, as the app's heatmap does on every data change.
 * With {@code --compare} it also times JFreeChart's stock XYBlockRenderer (one rectangle per cell).
 * Target: < 16 ms p50 on a 2-core CPU.
 */
public final class HeatmapRedrawBenchmark {
    public static final int LAYERS = 48;
    public static final int EXPERTS = 128;

    private HeatmapRedrawBenchmark() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        RedrawTimer.Timing t = measure(1200, 600, 300, 200); // long warm-up: JIT first
        System.out.printf(Locale.ROOT, "heatmap_redraw_ms_p50=%.2f%n", t.p50());
        System.out.printf(Locale.ROOT, "heatmap_redraw_ms_p90=%.2f max=%.2f runs=%d grid=%dx%d size=1200x600%n",
                t.p90(), t.max(), t.runs(), LAYERS, EXPERTS);
        if (args.length > 0 && args[0].equals("--compare")) {
            RedrawTimer.Timing b = measureBlockRenderer(1200, 600, 20, 30);
            System.out.printf(Locale.ROOT, "xyblockrenderer_redraw_ms_p50=%.2f (stock JFreeChart, for comparison)%n", b.p50());
        }
    }

    /** Times our heatmap (sequential mode, light theme) with fresh values on every run. */
    public static RedrawTimer.Timing measure(int width, int height, int warmup, int runs) {
        double[][][] frames = frames(4);
        LayerExpertCharts.Parts parts = LayerExpertCharts.sequential(
                new LayerExpertValues("benchmark", "frequency", frames[0]), 1.0, ChartTheme.LIGHT.style());
        int[] i = {0};
        return RedrawTimer.measure(parts.chart(), width, height,
                () -> parts.dataset().setValues(frames[++i[0] % frames.length]), warmup, runs);
    }

    static RedrawTimer.Timing measureBlockRenderer(int width, int height, int warmup, int runs) {
        double[][][] frames = frames(2);
        org.jfree.data.xy.DefaultXYZDataset[] data = new org.jfree.data.xy.DefaultXYZDataset[frames.length];
        for (int f = 0; f < frames.length; f++) {
            double[][] xyz = new double[3][LAYERS * EXPERTS]; // [x|y|z][cells]
            for (int l = 0; l < LAYERS; l++) {
                for (int e = 0; e < EXPERTS; e++) {
                    xyz[0][l * EXPERTS + e] = e;
                    xyz[1][l * EXPERTS + e] = l;
                    xyz[2][l * EXPERTS + e] = frames[f][l][e];
                }
            }
            data[f] = new org.jfree.data.xy.DefaultXYZDataset();
            data[f].addSeries("grid", xyz);
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(new GrayPaintScale(0, 1));
        XYPlot plot = new XYPlot(data[0], new NumberAxis("expert"), new NumberAxis("MoE layer"), renderer);
        JFreeChart chart = new JFreeChart(plot);
        int[] i = {0};
        return RedrawTimer.measure(chart, width, height, () -> plot.setDataset(data[++i[0] % data.length]), warmup, runs);
    }

    private static double[][][] frames(int n) {
        Random rng = new Random(42);
        double[][][] frames = new double[n][LAYERS][EXPERTS]; // [frame][layer][expert]
        for (double[][] f : frames) {
            for (double[] row : f) {
                for (int e = 0; e < EXPERTS; e++) {
                    row[e] = rng.nextDouble();
                }
            }
        }
        return frames;
    }
}
