package dev.moescope.viz.curves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.viz.style.PublicationStyle;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.junit.jupiter.api.Test;

class LayerCurvesChartsTest {
    /** The y axis' tick step once the chart is drawn (JFreeChart picks it while drawing). */
    private static double drawnTickStep(LayerCurves curves) {
        JFreeChart chart = LayerCurvesCharts.build(curves, null, PublicationStyle.STYLE);
        BufferedImage image = new BufferedImage(480, 360, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        chart.draw(g2, new Rectangle2D.Double(0, 0, 480, 360));
        g2.dispose();
        return ((NumberAxis) chart.getXYPlot().getRangeAxis()).getTickUnit().getSize();
    }

    @Test
    void countsHaveIntegerTicksFromZero() {
        // 0..2 exclusive experts: a plain axis would step by 0.2 or 0.25
        List<LayerCurves.Series> series = List.of(new LayerCurves.Series("en", new double[] {1, 2, 1, 2}),
                new LayerCurves.Series("de", new double[] {2, 1, 1, 1}));
        double step = drawnTickStep(new LayerCurves("Exclusive experts", "experts", series, true));
        assertTrue(step >= 1 && step == Math.rint(step), "integer step, got " + step);
        JFreeChart chart = LayerCurvesCharts.build(new LayerCurves("Exclusive experts", "experts", series, true), null,
                PublicationStyle.STYLE);
        assertEquals(0, chart.getXYPlot().getRangeAxis().getLowerBound(), 0, "counts start at 0");

        double measured = drawnTickStep(new LayerCurves("Entropy", "nats", series, false));
        assertTrue(measured < 1, "a measurement keeps fine ticks, got " + measured);
    }
}
