package dev.moescope.viz.matrix;

import dev.moescope.viz.grid.CellLabels;
import dev.moescope.viz.grid.GridCharts;
import dev.moescope.viz.grid.GridDataset;
import dev.moescope.viz.grid.GridImageRenderer;
import dev.moescope.viz.palette.ColorScale;
import dev.moescope.viz.palette.Palettes;
import dev.moescope.viz.style.ChartStyle;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;

/** Builds labelled-matrix charts without JavaFX: rows top to bottom, columns left to right. */
public final class MatrixCharts {
    private MatrixCharts() {}

    public record Parts(JFreeChart chart, GridDataset dataset, GridImageRenderer renderer, ColorScale scale) {}

    /** Text printed in a cell: the value, or a dash for "no value" (NaN) so it does not read as a blank 0. */
    static String cellText(double v, String cellFormat) {
        return Double.isNaN(v) ? "\u2014" : String.format(Locale.ROOT, cellFormat, v);
    }

    /**
     * @param scale      colour scale (see {@link #sequentialScale} / {@link #divergingScale})
     * @param cellFormat format of values printed in cells where they fit (e.g. "%.2f"), or null for none
     */
    public static Parts build(LabelledMatrix m, ColorScale scale, String cellFormat, ChartStyle style) {
        GridDataset dataset = new GridDataset(m.values());
        int empty = style.emptyCell().getRGB();
        GridImageRenderer renderer = new GridImageRenderer((r, c, v) -> Double.isNaN(v) ? empty : scale.argb(v));
        if (cellFormat != null) {
            CellLabels labels = (r, c, v) -> cellText(v, cellFormat);
            renderer.setCellLabels(labels, style.tickFont());
        }
        SymbolAxis x = labelAxis(m.columnTitle(), m.columnLabels().toArray(String[]::new), false);
        x.setVerticalTickLabels(m.columns() > 8);
        SymbolAxis y = labelAxis(m.rowTitle(), m.rowLabels().toArray(String[]::new), true);
        JFreeChart chart = GridCharts.chart(m.title(), dataset, renderer, x, y, style);
        chart.addSubtitle(GridCharts.colorBar(scale, m.valueName(), style));
        return new Parts(chart, dataset, renderer, scale);
    }

    /** Viridis over the data range, or {@code lower..upper} when both are finite. */
    public static ColorScale sequentialScale(LabelledMatrix m, double lower, double upper) {
        double[] range = m.finiteRange();
        double lo = Double.isFinite(lower) ? lower : range[0];
        double hi = Double.isFinite(upper) ? upper : range[1];
        return ColorScale.sequential(Palettes.VIRIDIS, lo, hi > lo ? hi : lo + 1);
    }

    /** Purple-white-orange symmetric around 0 ({@code absMax <= 0} or NaN: the data's max |value|). */
    public static ColorScale divergingScale(LabelledMatrix m, double absMax) {
        double[] range = m.finiteRange();
        double auto = Math.max(Math.abs(range[0]), Math.abs(range[1]));
        double a = absMax > 0 && Double.isFinite(absMax) ? absMax : auto;
        return ColorScale.diverging(Palettes.PURPLE_ORANGE, a > 0 ? a : 1);
    }

    private static SymbolAxis labelAxis(String label, String[] symbols, boolean inverted) {
        SymbolAxis axis = new SymbolAxis(label, symbols);
        axis.setGridBandsVisible(false);
        axis.setAutoRange(false);
        axis.setRange(-0.5, symbols.length - 0.5);
        axis.setInverted(inverted);
        return axis;
    }
}
