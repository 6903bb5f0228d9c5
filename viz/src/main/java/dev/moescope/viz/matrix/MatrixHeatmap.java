package dev.moescope.viz.matrix;

import dev.moescope.viz.ChartPane;
import dev.moescope.viz.export.ExportableChart;
import dev.moescope.viz.palette.ColorScale;
import dev.moescope.viz.style.ChartStyle;
import dev.moescope.viz.style.ChartTheme;
import dev.moescope.viz.style.PublicationStyle;
import java.awt.geom.Rectangle2D;
import java.util.Objects;
import java.util.function.Function;
import org.jfree.chart.plot.XYPlot;

/**
 * Labelled matrix heatmap: rows/columns carry labels (e.g. languages), hover shows the row, column and
 * exact value; values are printed inside cells when they fit (format settable, null to hide).
 * {@link #showSequential} for similarities, {@link #showDiverging} for signed changes (symmetric around 0).
 */
public final class MatrixHeatmap extends ChartPane {
    private Function<ChartStyle, MatrixCharts.Parts> builder;
    private MatrixCharts.Parts parts;
    private LabelledMatrix matrix;
    private String cellFormat = "%.2f";

    public MatrixHeatmap() {
        getStyleClass().add("matrix-heatmap");
    }

    /** Viridis over {@code lower..upper}; NaN bounds use the data's range. */
    public void showSequential(LabelledMatrix m, double lower, double upper) {
        install(m, MatrixCharts.sequentialScale(m, lower, upper));
    }

    /** Purple-white-orange over {@code -absMax..absMax}; {@code absMax <= 0} or NaN uses the data's max |value|. */
    public void showDiverging(LabelledMatrix m, double absMax) {
        install(m, MatrixCharts.divergingScale(m, absMax));
    }

    /** Format of the values printed in cells (String.format, e.g. "%+.3f"), or null for none. Applies to the next show. */
    public void setCellFormat(String format) {
        this.cellFormat = format;
    }

    public LabelledMatrix matrix() {
        return matrix;
    }

    /** (row, column) under canvas position (x, y), or null. */
    public int[] cellAt(double x, double y) {
        Rectangle2D area = dataArea();
        if (parts == null || area == null || !area.contains(x, y)) {
            return null;
        }
        XYPlot plot = parts.chart().getXYPlot();
        int col = (int) Math.round(plot.getDomainAxis().java2DToValue(x, area, plot.getDomainAxisEdge()));
        int row = (int) Math.round(plot.getRangeAxis().java2DToValue(y, area, plot.getRangeAxisEdge()));
        return row < 0 || col < 0 || row >= matrix.rows() || col >= matrix.columns() ? null : new int[] {row, col};
    }

    @Override
    protected String hoverTextAt(double x, double y, Rectangle2D dataArea) {
        int[] cell = cellAt(x, y);
        if (cell == null) {
            return null;
        }
        return matrix.describe(cell[0], cell[1]);
    }

    @Override
    protected void themeChanged(ChartTheme now) {
        if (builder != null) {
            parts = builder.apply(now.style());
            setChart(parts.chart());
        }
    }

    @Override
    public ExportableChart figure() {
        if (builder == null) {
            throw new IllegalStateException("the matrix heatmap shows no data yet");
        }
        double side = Math.min(PublicationStyle.TWO_COLUMN_WIDTH, 60 + 14.0 * Math.max(matrix.rows(), matrix.columns()));
        double width = Math.max(PublicationStyle.ONE_COLUMN_WIDTH, side + 60);
        return ExportableChart.of(builder.apply(PublicationStyle.STYLE).chart(), matrix.title(), width, side);
    }

    private void install(LabelledMatrix m, ColorScale scale) {
        matrix = Objects.requireNonNull(m);
        String format = cellFormat;
        builder = style -> MatrixCharts.build(m, scale, format, style);
        parts = builder.apply(getTheme().style());
        setChart(parts.chart());
    }
}
