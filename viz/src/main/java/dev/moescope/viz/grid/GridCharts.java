package dev.moescope.viz.grid;

import dev.moescope.viz.palette.ColorScale;
import dev.moescope.viz.style.ChartStyle;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** Builders shared by the grid charts (layer x expert heatmap, labelled matrix). */
public final class GridCharts {
    private GridCharts() {}

    /** An XYPlot chart of {@code data} painted by {@code renderer}, no legend, styled with {@code style}. */
    public static JFreeChart chart(String title, GridDataset data, GridImageRenderer renderer, ValueAxis xAxis,
                                   ValueAxis yAxis, ChartStyle style) {
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setInsets(new RectangleInsets(4, 4, 4, 8));
        JFreeChart chart = new JFreeChart(title, style.titleFont(), plot, false);
        style.applyTo(chart);
        plot.setBackgroundPaint(style.emptyCell());
        return chart;
    }

    /** Integer-tick axis spanning cells 0..n-1 exactly (cell i centred on i). */
    public static NumberAxis cellAxis(String label, int n, boolean inverted) {
        NumberAxis axis = new NumberAxis(label);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRange(false);
        axis.setRange(-0.5, n - 0.5);
        axis.setInverted(inverted);
        axis.setLowerMargin(0);
        axis.setUpperMargin(0);
        return axis;
    }

    /** Vertical colour bar on the right for a sequential or diverging scale. */
    public static PaintScaleLegend colorBar(ColorScale scale, String label, ChartStyle style) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(scale.lower(), scale.upper());
        PaintScale paint = new PaintScale() {
            @Override public double getLowerBound() { return scale.lower(); }
            @Override public double getUpperBound() { return scale.upper(); }
            @Override public Paint getPaint(double value) { return scale.color(value); }
        };
        PaintScaleLegend legend = new PaintScaleLegend(paint, axis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setSubdivisionCount(128);
        legend.setStripWidth(style.tickFont().getSize2D());
        legend.setMargin(new RectangleInsets(4, 4, 4, 4));
        legend.setStripOutlineVisible(true);
        style.styleAxis(axis);
        legend.setBackgroundPaint(style.background());
        return legend;
    }

    /** Legend of named colour swatches (categorical maps). */
    public static LegendTitle swatchLegend(List<String> names, List<Color> colors, ChartStyle style) {
        LegendItemCollection items = new LegendItemCollection();
        for (int i = 0; i < names.size(); i++) {
            items.add(swatch(names.get(i), colors.get(i), style));
        }
        return legend(items, style);
    }

    /** A square swatch of one colour. */
    public static LegendItem swatch(String name, Paint color, ChartStyle style) {
        return new LegendItem(name, null, null, null, new Rectangle2D.Double(-4, -4, 8, 8), color,
                new BasicStroke(0.5f), style.gridline());
    }

    /**
     * The swatch of cells split into several colours ({@link DiagonalBands}): a square outline whose
     * top-left triangle is filled with the foreground colour.
     */
    public static LegendItem splitSwatch(String name, ChartStyle style) {
        Path2D.Double topLeft = new Path2D.Double(); // same bounds as the square, so both are centred alike
        topLeft.moveTo(-4, -4);
        topLeft.lineTo(4, -4);
        topLeft.lineTo(-4, 4);
        topLeft.closePath();
        BasicStroke thin = new BasicStroke(0.5f);
        return new LegendItem(name, null, null, null, true, topLeft, true, style.foreground(), true,
                style.gridline(), thin, true, new Rectangle2D.Double(-4, -4, 8, 8), thin, style.gridline());
    }

    /** A legend of {@code items} below the plot. */
    public static LegendTitle legend(LegendItemCollection items, ChartStyle style) {
        LegendTitle legend = new LegendTitle(() -> items);
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setItemFont(style.tickFont());
        legend.setItemPaint(style.foreground());
        legend.setBackgroundPaint(style.background());
        legend.setFrame(BlockBorder.NONE);
        return legend;
    }
}
