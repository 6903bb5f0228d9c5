package dev.moescope.viz.curves;

import dev.moescope.viz.heatmap.LayerExpertCharts;
import dev.moescope.viz.palette.Palettes;
import dev.moescope.viz.style.ChartStyle;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Builds layer-curve charts without JavaFX. */
public final class LayerCurvesCharts {
    /** Dash patterns for series 8+ so curves stay apart when colours repeat or are hard to tell apart. */
    private static final float[][] DASHES = {null, {6f, 3f}, {2f, 2f}, {8f, 3f, 2f, 3f}};

    private LayerCurvesCharts() {}

    /** @param colors colour per series name, or null for the categorical palette in series order */
    public static JFreeChart build(LayerCurves curves, Function<String, Color> colors, ChartStyle style) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (LayerCurves.Series s : curves.series()) {
            XYSeries xy = new XYSeries(s.name(), false, true);
            for (int layer = 0; layer < s.values().length; layer++) {
                xy.add(layer, Double.isNaN(s.values()[layer]) ? null : s.values()[layer], false);
            }
            data.addSeries(xy);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, curves.layers() <= 64);
        double dot = style.seriesLineWidth() * 2.5;
        for (int i = 0; i < curves.series().size(); i++) {
            String name = curves.series().get(i).name();
            Color c = colors != null ? colors.apply(name) : null;
            renderer.setSeriesPaint(i, c != null ? c : Palettes.categorical(i));
            float[] dash = DASHES[(i / Palettes.OKABE_ITO.size()) % DASHES.length];
            renderer.setSeriesStroke(i, new BasicStroke(style.seriesLineWidth(), BasicStroke.CAP_ROUND,
                    BasicStroke.JOIN_ROUND, 10f, dash == null ? null : scale(dash, style.seriesLineWidth()), 0f));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-dot / 2, -dot / 2, dot, dot));
        }
        renderer.setDrawSeriesLineAsPath(true);
        NumberAxis x = new NumberAxis(LayerExpertCharts.Y_LABEL);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        x.setRange(-0.5, Math.max(0.5, curves.layers() - 0.5));
        NumberAxis y = new NumberAxis(curves.yLabel());
        y.setAutoRangeIncludesZero(curves.counts());
        if (curves.counts()) {
            y.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // 0, 1, 2 experts: never a 0.2 step
            y.setAutoRangeMinimumSize(2);
            y.setRangeType(org.jfree.data.RangeType.POSITIVE); // no negative counts, also when all are 0
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart(curves.title(), style.titleFont(), plot, false);
        LegendTitle legend = new LegendTitle(plot);
        legend.setPosition(RectangleEdge.BOTTOM);
        chart.addSubtitle(legend);
        style.applyTo(chart);
        return chart;
    }

    private static float[] scale(float[] dash, float width) {
        float[] out = dash.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= Math.max(1f, width);
        }
        return out;
    }
}
