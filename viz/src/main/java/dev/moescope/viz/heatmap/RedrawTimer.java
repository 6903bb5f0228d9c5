package dev.moescope.viz.heatmap;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;
import org.jfree.chart.JFreeChart;

/**
 * Times full redraws of a JFreeChart into an offscreen image the size of an on-screen chart. Each run
 * first applies {@code change} (e.g. new data) so caches keyed on data do not hide the work.
 */
public final class RedrawTimer {
    private RedrawTimer() {}

    /** Redraw times in milliseconds. */
    public record Timing(double p50, double p90, double max, int runs) {}

    public static Timing measure(JFreeChart chart, int width, int height, Runnable change, int warmup, int runs) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g2 = image.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Rectangle2D area = new Rectangle2D.Double(0, 0, width, height);
        double[] ms = new double[runs];
        try {
            for (int i = 0; i < warmup + runs; i++) {
                long t0 = System.nanoTime();
                change.run();
                chart.draw(g2, area);
                long t1 = System.nanoTime();
                if (i >= warmup) {
                    ms[i - warmup] = (t1 - t0) / 1e6;
                }
            }
        } finally {
            g2.dispose();
        }
        Arrays.sort(ms);
        return new Timing(ms[runs / 2], ms[Math.min(runs - 1, (int) Math.ceil(runs * 0.9) - 1)], ms[runs - 1], runs);
    }
}
