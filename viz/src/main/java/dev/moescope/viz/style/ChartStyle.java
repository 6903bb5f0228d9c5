package dev.moescope.viz.style;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.RectangleInsets;

/**
 * Colours, fonts and strokes for one rendering context (screen light, screen dark, publication).
 * Sizes are in user-space units: pixels on screen, points in exported figures.
 *
 * @param background  figure background
 * @param foreground  text, axis lines, tick marks
 * @param gridline    grid lines and faint decorations
 * @param emptyCell   heatmap cells with no data ("unused" experts)
 * @param sharedCell  heatmap cells used by several categories ("shared" experts)
 * @param titleFont   chart title
 * @param labelFont   axis labels
 * @param tickFont    tick labels, legend items, cell labels
 * @param axisLineWidth axis and outline stroke width
 * @param seriesLineWidth line width of curves
 */
public record ChartStyle(Color background, Color foreground, Color gridline, Color emptyCell, Color sharedCell,
                         Font titleFont, Font labelFont, Font tickFont, float axisLineWidth, float seriesLineWidth) {

    /** Applies colours, fonts and strokes to a chart built by this module (XYPlot based). */
    public void applyTo(JFreeChart chart) {
        chart.setBackgroundPaint(background);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(titleFont);
            chart.getTitle().setPaint(foreground);
        }
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            styleTitle(chart.getSubtitle(i));
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(background);
        plot.setOutlinePaint(foreground);
        plot.setOutlineStroke(new BasicStroke(axisLineWidth));
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(gridline);
            xy.setRangeGridlinePaint(gridline);
            xy.setDomainGridlineStroke(new BasicStroke(axisLineWidth * 0.5f));
            xy.setRangeGridlineStroke(new BasicStroke(axisLineWidth * 0.5f));
            xy.setAxisOffset(RectangleInsets.ZERO_INSETS);
            for (int i = 0; i < xy.getDomainAxisCount(); i++) {
                styleAxis(xy.getDomainAxis(i));
            }
            for (int i = 0; i < xy.getRangeAxisCount(); i++) {
                styleAxis(xy.getRangeAxis(i));
            }
        }
    }

    private void styleTitle(Title t) {
        if (t instanceof LegendTitle legend) {
            legend.setItemFont(tickFont);
            legend.setItemPaint(foreground);
            legend.setBackgroundPaint(background);
        } else if (t instanceof PaintScaleLegend scale) {
            scale.setBackgroundPaint(background);
            scale.setStripOutlinePaint(foreground);
            styleAxis(scale.getAxis());
        } else if (t instanceof TextTitle text) {
            text.setFont(labelFont);
            text.setPaint(foreground);
        }
    }

    public void styleAxis(Axis axis) {
        if (axis == null) {
            return;
        }
        axis.setLabelFont(labelFont);
        axis.setLabelPaint(foreground);
        axis.setTickLabelFont(tickFont);
        axis.setTickLabelPaint(foreground);
        axis.setAxisLinePaint(foreground);
        axis.setAxisLineStroke(new BasicStroke(axisLineWidth));
        axis.setTickMarkPaint(foreground);
        axis.setTickMarkStroke(new BasicStroke(axisLineWidth));
    }
}
