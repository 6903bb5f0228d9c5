package dev.moescope.viz.heatmap;

import dev.moescope.viz.ChartPane;
import dev.moescope.viz.export.ExportableChart;
import dev.moescope.viz.style.ChartStyle;
import dev.moescope.viz.style.ChartTheme;
import dev.moescope.viz.style.PublicationStyle;
import java.awt.geom.Rectangle2D;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.jfree.chart.plot.XYPlot;

/**
 * Layer x expert heatmap (x = expert, y = MoE layer, layer 0 on top) in three modes: sequential
 * (e.g. activation frequency of one language), diverging (difference of two languages, symmetric
 * around 0) and categorical (exclusive cells in their language colour, cells exclusive to several
 * languages split diagonally into their colours, shared grey, unused empty).
 * Each {@code show*} call installs the new data with exactly one redraw; the grid is painted as one
 * image ({@link dev.moescope.viz.grid.GridImageRenderer}). Hover shows layer, expert, value and the
 * caller's {@link CellTextFunction}; a click calls the {@link ExpertClickHandler}.
 */
public final class LayerExpertHeatmap extends ChartPane {
    private Function<ChartStyle, LayerExpertCharts.Parts> builder; // rebuilds the current content in a style
    private LayerExpertCharts.Parts parts;
    private LayerExpertValues values;       // set in sequential/diverging modes
    private ExpertCategories categories;    // set in categorical mode
    private Function<String, java.awt.Color> categoryColors;
    private String title = "";
    private CellTextFunction extraText = (l, e, v) -> null;
    private ExpertClickHandler onClick = (l, e) -> { };

    public LayerExpertHeatmap() {
        getStyleClass().add("layer-expert-heatmap");
    }

    /** Sequential viridis 0..max; {@code max <= 0} or NaN uses the data's maximum. */
    public void showSequential(LayerExpertValues v, double max) {
        values = Objects.requireNonNull(v);
        categories = null;
        install(v.title(), style -> LayerExpertCharts.sequential(v, max, style));
    }

    /** Diverging blue-white-red over -absMax..absMax; {@code absMax <= 0} or NaN uses the data's max |value|. */
    public void showDiverging(LayerExpertValues v, double absMax) {
        values = Objects.requireNonNull(v);
        categories = null;
        install(v.title(), style -> LayerExpertCharts.diverging(v, absMax, style));
    }

    /** Categorical exclusive/shared/unused map with a swatch legend; hover names every language a cell is exclusive to. */
    public void showCategorical(ExpertCategories c) {
        categories = Objects.requireNonNull(c);
        values = null;
        Function<String, java.awt.Color> colors = categoryColors;
        install(c.title(), style -> LayerExpertCharts.categorical(c, colors, style));
    }

    /** Colour per category name (e.g. a language palette; null: palette by category index). Applies to the next show. */
    public void setCategoryColors(Function<String, java.awt.Color> colors) {
        this.categoryColors = colors;
    }

    /**
     * Replaces the values of the current sequential/diverging map in place (same shape, same colour
     * scale): one dataset event, one redraw. Use for live updates while data is being collected.
     */
    public void updateValues(double[][] newValues) {
        if (values == null || parts == null) {
            throw new IllegalStateException("updateValues needs a sequential or diverging map shown first");
        }
        LayerExpertValues next = new LayerExpertValues(values.title(), values.valueName(), newValues);
        if (next.layers() != values.layers() || next.experts() != values.experts()) {
            throw new IllegalArgumentException("updateValues: got " + next.layers() + " x " + next.experts()
                    + ", the map shows " + values.layers() + " x " + values.experts());
        }
        values = next;
        parts.dataset().setValues(newValues);
    }

    public void setCellText(CellTextFunction f) {
        extraText = f == null ? (l, e, v) -> null : f;
    }

    public void setOnExpertClicked(ExpertClickHandler handler) {
        onClick = handler == null ? (l, e) -> { } : handler;
    }

    /** (layer, expert) under canvas position (x, y), or null outside the grid. */
    public int[] cellAt(double x, double y) {
        Rectangle2D area = dataArea();
        if (parts == null || area == null || !area.contains(x, y)) {
            return null;
        }
        XYPlot plot = parts.chart().getXYPlot();
        int expert = (int) Math.round(plot.getDomainAxis().java2DToValue(x, area, plot.getDomainAxisEdge()));
        int layer = (int) Math.round(plot.getRangeAxis().java2DToValue(y, area, plot.getRangeAxisEdge()));
        if (layer < 0 || expert < 0 || layer >= parts.dataset().rows() || expert >= parts.dataset().cols()) {
            return null;
        }
        return new int[] {layer, expert};
    }

    @Override
    protected String hoverTextAt(double x, double y, Rectangle2D dataArea) {
        int[] cell = cellAt(x, y);
        if (cell == null) {
            return null;
        }
        int layer = cell[0], expert = cell[1];
        double v = parts.dataset().value(layer, expert);
        StringBuilder sb = new StringBuilder("MoE layer ").append(layer).append(" · expert ").append(expert).append('\n');
        if (categories != null) {
            sb.append(categories.describe(layer, expert));
        } else {
            sb.append(values.valueName()).append(" = ").append(format(v));
        }
        String extra = extraText.text(layer, expert, v);
        if (extra != null && !extra.isBlank()) {
            sb.append('\n').append(extra);
        }
        return sb.toString();
    }

    @Override
    protected void onClick(double x, double y, Rectangle2D dataArea) {
        int[] cell = cellAt(x, y);
        if (cell != null) {
            onClick.clicked(cell[0], cell[1]);
        }
    }

    @Override
    protected void themeChanged(ChartTheme now) {
        if (builder != null) { // empty/shared cell colours live in the renderer: rebuild
            parts = builder.apply(now.style());
            setChart(parts.chart());
        }
    }

    @Override
    public ExportableChart figure() {
        if (builder == null) {
            throw new IllegalStateException("the heatmap shows no data yet");
        }
        return ExportableChart.of(builder.apply(PublicationStyle.STYLE).chart(), title,
                PublicationStyle.TWO_COLUMN_WIDTH, 260);
    }

    /** The dataset currently shown (null before the first {@code show*}). */
    public LayerExpertCharts.Parts parts() {
        return parts;
    }

    private void install(String newTitle, Function<ChartStyle, LayerExpertCharts.Parts> newBuilder) {
        title = newTitle;
        builder = newBuilder;
        parts = newBuilder.apply(getTheme().style());
        setChart(parts.chart());
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "no data";
        }
        return Math.abs(v) >= 1e-3 || v == 0 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.3e", v);
    }
}
