package dev.moescope.viz.curves;

import dev.moescope.viz.ChartPane;
import dev.moescope.viz.export.ExportableChart;
import dev.moescope.viz.style.ChartTheme;
import dev.moescope.viz.style.PublicationStyle;
import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jfree.chart.plot.XYPlot;

/**
 * Lines across depth (x = MoE layer), one per series (language), colour-blind-safe colours (dashed
 * from the 8th series on), legend below; hover shows every series' value at the nearest layer.
 */
public final class LayerCurvesChart extends ChartPane {
    private LayerCurves curves;
    private Function<String, Color> colors;

    public LayerCurvesChart() {
        getStyleClass().add("layer-curves-chart");
    }

    public void show(LayerCurves newCurves) {
        curves = Objects.requireNonNull(newCurves);
        setChart(LayerCurvesCharts.build(curves, colors, getTheme().style()));
    }

    /** Colour per series name (null or a null result: categorical palette by series index). Applies to the next show. */
    public void setSeriesColors(Function<String, Color> colors) {
        this.colors = colors;
    }

    public LayerCurves curves() {
        return curves;
    }

    /** Nearest MoE layer to canvas x, or -1. */
    public int layerAt(double x) {
        Rectangle2D area = dataArea();
        if (curves == null || area == null) {
            return -1;
        }
        XYPlot plot = chart().getXYPlot();
        int layer = (int) Math.round(plot.getDomainAxis().java2DToValue(x, area, plot.getDomainAxisEdge()));
        return layer < 0 || layer >= curves.layers() ? -1 : layer;
    }

    @Override
    protected String hoverTextAt(double x, double y, Rectangle2D dataArea) {
        int layer = layerAt(x);
        if (layer < 0) {
            return null;
        }
        StringBuilder sb = new StringBuilder("MoE layer ").append(layer);
        for (LayerCurves.Series s : curves.series()) {
            if (layer < s.values().length && !Double.isNaN(s.values()[layer])) {
                sb.append('\n').append(s.name()).append(": ")
                        .append(String.format(Locale.ROOT, "%.4g", s.values()[layer]));
            }
        }
        return sb.toString();
    }

    @Override
    protected void themeChanged(ChartTheme now) {
        if (curves != null) {
            setChart(LayerCurvesCharts.build(curves, colors, now.style()));
        }
    }

    @Override
    public ExportableChart figure() {
        if (curves == null) {
            throw new IllegalStateException("the layer curves chart shows no data yet");
        }
        double height = 170 + 10 * Math.ceil(curves.series().size() / 6.0);
        return ExportableChart.of(LayerCurvesCharts.build(curves, colors, PublicationStyle.STYLE), curves.title(),
                PublicationStyle.ONE_COLUMN_WIDTH, height);
    }
}
