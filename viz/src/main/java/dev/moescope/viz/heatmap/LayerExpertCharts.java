package dev.moescope.viz.heatmap;

import dev.moescope.viz.grid.CellColors;
import dev.moescope.viz.grid.GridCharts;
import dev.moescope.viz.grid.GridDataset;
import dev.moescope.viz.grid.GridImageRenderer;
import dev.moescope.viz.palette.ColorScale;
import dev.moescope.viz.palette.Palettes;
import dev.moescope.viz.style.ChartStyle;
import java.awt.Color;
import java.util.List;
import java.util.function.Function;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;

/**
 * Builds layer x expert heatmap charts without any JavaFX (also used by the redraw benchmark).
 * x = expert, y = MoE layer with layer 0 at the top; one cell per (layer, expert).
 */
public final class LayerExpertCharts {
    public static final String X_LABEL = "expert";
    public static final String Y_LABEL = "MoE layer";

    private LayerExpertCharts() {}

    /** The chart and the parts a batch update touches. */
    public record Parts(JFreeChart chart, GridDataset dataset, GridImageRenderer renderer) {}

    /** Sequential viridis scale 0..max ({@code max <= 0} or NaN: the data's maximum). */
    public static Parts sequential(LayerExpertValues v, double max, ChartStyle style) {
        ColorScale scale = sequentialScale(v, max);
        Parts parts = build(v.title(), v.values(), cellColors(scale, style), style);
        parts.chart().addSubtitle(GridCharts.colorBar(scale, v.valueName(), style));
        return parts;
    }

    /** Diverging blue-white-red scale symmetric around 0 ({@code absMax <= 0} or NaN: the data's max |value|). */
    public static Parts diverging(LayerExpertValues v, double absMax, ChartStyle style) {
        ColorScale scale = divergingScale(v, absMax);
        Parts parts = build(v.title(), v.values(), cellColors(scale, style), style);
        parts.chart().addSubtitle(GridCharts.colorBar(scale, v.valueName(), style));
        return parts;
    }

    /**
     * Cells exclusive to one category in its colour, cells exclusive to several split diagonally into
     * their colours (first category top-left), shared grey, unused = the style's empty colour; swatch
     * legend (with a split swatch when some cell is exclusive to several).
     */
    public static Parts categorical(ExpertCategories c, ChartStyle style) {
        return categorical(c, null, style);
    }

    /**
     * As {@link #categorical(ExpertCategories, ChartStyle)}, each category in {@code colorOf}'s colour (e.g. a
     * {@link dev.moescope.viz.palette.LanguagePalette}, so a language has one colour in every chart); null: the
     * categorical palette in category order.
     */
    public static Parts categorical(ExpertCategories c, Function<String, Color> colorOf, ChartStyle style) {
        int[] argb = categoryArgb(c.categories(), colorOf, style);
        CellColors colors = (row, col, value) -> argb[(int) value - ExpertCategories.UNUSED];
        Parts parts = build(c.title(), c.asValues(), colors, style);
        parts.renderer().setCellSplits((row, col, value) -> {
            if (value != ExpertCategories.SEVERAL) {
                return null;
            }
            int[] categories = c.exclusiveTo(row, col);
            int[] out = new int[categories.length];
            for (int i = 0; i < categories.length; i++) {
                out[i] = argb[categories[i] - ExpertCategories.UNUSED];
            }
            return out;
        });
        LegendItemCollection items = new LegendItemCollection();
        for (int i = 0; i < c.categories().size(); i++) {
            items.add(GridCharts.swatch(c.categories().get(i), new Color(argb[i + 2], true), style));
        }
        if (c.exclusiveCells(2) > 0) {
            items.add(GridCharts.splitSwatch(SEVERAL_LABEL, style));
        }
        items.add(GridCharts.swatch("shared", style.sharedCell(), style));
        items.add(GridCharts.swatch("unused", style.emptyCell(), style));
        parts.chart().addSubtitle(GridCharts.legend(items, style));
        return parts;
    }

    /** Legend text of cells exclusive to two or more categories. */
    public static final String SEVERAL_LABEL = "exclusive to 2+ (split into their colours)";

    public static ColorScale sequentialScale(LayerExpertValues v, double max) {
        double m = max > 0 && Double.isFinite(max) ? max : v.maxAbs();
        return ColorScale.sequential(Palettes.VIRIDIS, 0, m > 0 ? m : 1);
    }

    public static ColorScale divergingScale(LayerExpertValues v, double absMax) {
        double m = absMax > 0 && Double.isFinite(absMax) ? absMax : v.maxAbs();
        return ColorScale.diverging(Palettes.BLUE_WHITE_RED, m > 0 ? m : 1);
    }

    /** Lookup table indexed by category + 2: [unused, shared, category 0, category 1, ...]. */
    static int[] categoryArgb(List<String> categories, Function<String, Color> colorOf, ChartStyle style) {
        int[] argb = new int[categories.size() + 2];
        argb[0] = style.emptyCell().getRGB();
        argb[1] = style.sharedCell().getRGB();
        for (int i = 0; i < categories.size(); i++) {
            Color c = colorOf == null ? null : colorOf.apply(categories.get(i));
            argb[i + 2] = (c != null ? c : Palettes.categorical(i)).getRGB();
        }
        return argb;
    }

    static CellColors cellColors(ColorScale scale, ChartStyle style) {
        int empty = style.emptyCell().getRGB();
        return (row, col, value) -> Double.isNaN(value) ? empty : scale.argb(value);
    }

    private static Parts build(String title, double[][] values, CellColors colors, ChartStyle style) {
        GridDataset dataset = new GridDataset(values);
        GridImageRenderer renderer = new GridImageRenderer(colors);
        NumberAxis x = GridCharts.cellAxis(X_LABEL, dataset.cols(), false);
        NumberAxis y = GridCharts.cellAxis(Y_LABEL, dataset.rows(), true);
        return new Parts(GridCharts.chart(title, dataset, renderer, x, y, style), dataset, renderer);
    }
}
