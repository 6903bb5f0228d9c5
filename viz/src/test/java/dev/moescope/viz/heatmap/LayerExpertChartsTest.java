package dev.moescope.viz.heatmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.viz.palette.ColorScale;
import dev.moescope.viz.palette.Palettes;
import dev.moescope.viz.style.ChartStyle;
import dev.moescope.viz.style.ChartTheme;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

/** Renders heatmaps offscreen and checks the colour of known cells. */
class LayerExpertChartsTest {
    static final ChartStyle STYLE = ChartTheme.LIGHT.style();

    /** Renders {@code chart} at w x h and returns the image plus the data area. */
    record Rendered(BufferedImage image, Rectangle2D dataArea, XYPlot plot) {
        int argbAt(int row, int col) {
            double x = plot.getDomainAxis().valueToJava2D(col, dataArea, plot.getDomainAxisEdge());
            double y = plot.getRangeAxis().valueToJava2D(row, dataArea, plot.getRangeAxisEdge());
            return image.getRGB((int) x, (int) y);
        }
    }

    static Rendered render(JFreeChart chart, int w, int h) {
        return render(chart, w, h, false);
    }

    /** {@code vectorShapes}: paint as on SVG/PDF (cells as shapes), but into an image to check pixels. */
    static Rendered render(JFreeChart chart, int w, int h, boolean vectorShapes) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g2 = image.createGraphics();
        if (vectorShapes) {
            g2.setRenderingHint(dev.moescope.viz.export.VizHints.VECTOR_OUTPUT, Boolean.TRUE);
        }
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.draw(g2, new Rectangle2D.Double(0, 0, w, h), info);
        g2.dispose();
        return new Rendered(image, info.getPlotInfo().getDataArea(), chart.getXYPlot());
    }

    static double[][] ramp(int layers, int experts) {
        double[][] v = new double[layers][experts]; // [layer][expert]
        for (int l = 0; l < layers; l++) {
            for (int e = 0; e < experts; e++) {
                v[l][e] = (l * experts + e) / (double) (layers * experts - 1);
            }
        }
        return v;
    }

    @Test
    void sequentialCellsHaveTheirScaleColour() {
        double[][] v = ramp(48, 128);
        LayerExpertValues values = new LayerExpertValues("freq de", "frequency", v);
        LayerExpertCharts.Parts parts = LayerExpertCharts.sequential(values, 1.0, STYLE);
        Rendered r = render(parts.chart(), 1100, 600);
        ColorScale scale = LayerExpertCharts.sequentialScale(values, 1.0);
        for (int[] cell : new int[][] {{0, 0}, {0, 127}, {47, 0}, {47, 127}, {20, 64}, {33, 5}}) {
            assertEquals(scale.argb(v[cell[0]][cell[1]]), r.argbAt(cell[0], cell[1]), "cell " + cell[0] + "," + cell[1]);
        }
        // layer 0 is at the top
        double y0 = r.plot().getRangeAxis().valueToJava2D(0, r.dataArea(), r.plot().getRangeAxisEdge());
        double y47 = r.plot().getRangeAxis().valueToJava2D(47, r.dataArea(), r.plot().getRangeAxisEdge());
        assertTrue(y0 < y47);
    }

    @Test
    void onBatchUpdateTheImageFollowsTheNewValues() {
        double[][] v = ramp(4, 6);
        LayerExpertCharts.Parts parts = LayerExpertCharts.sequential(new LayerExpertValues("t", "f", v), 1.0, STYLE);
        render(parts.chart(), 500, 300);
        int[] events = {0};
        parts.chart().addChangeListener(e -> events[0]++);
        double[][] w = new double[4][6];
        w[2][3] = 1.0;
        parts.dataset().setValues(w);
        assertEquals(1, events[0], "one batch update = one chart change event");
        Rendered r = render(parts.chart(), 500, 300);
        assertEquals(0xFFFDE725, r.argbAt(2, 3));
        assertEquals(0xFF440154, r.argbAt(1, 3));
    }

    @Test
    void divergingScaleIsSymmetricAroundZero() {
        double[][] v = {{-0.5, 0, 0.25}, {0.1, -0.1, 0}};
        LayerExpertValues values = new LayerExpertValues("de - en", "difference", v);
        LayerExpertCharts.Parts parts = LayerExpertCharts.diverging(values, Double.NaN, STYLE);
        ColorScale scale = LayerExpertCharts.divergingScale(values, Double.NaN);
        assertEquals(-0.5, scale.lower());
        assertEquals(0.5, scale.upper());
        Rendered r = render(parts.chart(), 500, 300);
        assertEquals(ColorScale.diverging(Palettes.BLUE_WHITE_RED, 1).argb(-1), r.argbAt(0, 0), "min -> blue end");
        assertEquals(scale.argb(0), r.argbAt(0, 1));
        assertEquals(scale.argb(0.25), r.argbAt(0, 2));
    }

    @Test
    void categoricalCellsUseLanguageSharedAndUnusedColours() {
        int S = ExpertCategories.SHARED, U = ExpertCategories.UNUSED;
        int[][] cells = {{0, 1, S, U}, {2, S, U, 0}};
        ExpertCategories cats = new ExpertCategories("exclusive", List.of("de", "fr", "zh"), cells);
        Rendered r = render(LayerExpertCharts.categorical(cats, STYLE).chart(), 500, 300);
        assertEquals(Palettes.categorical(0).getRGB(), r.argbAt(0, 0));
        assertEquals(Palettes.categorical(1).getRGB(), r.argbAt(0, 1));
        assertEquals(Palettes.categorical(2).getRGB(), r.argbAt(1, 0));
        assertEquals(STYLE.sharedCell().getRGB(), r.argbAt(0, 2));
        assertEquals(0xFFFFFFFF, r.argbAt(0, 3), "unused = white");
        assertEquals(Palettes.categorical(0).getRGB(), r.argbAt(1, 3));
        // the legend lists the languages, shared and unused
        var legend = (org.jfree.chart.title.LegendTitle) parts(cats).chart().getSubtitle(0);
        var items = legend.getSources()[0].getLegendItems();
        assertEquals(5, items.getItemCount());
        assertEquals("zh", items.get(2).getLabel());
        assertEquals("shared", items.get(3).getLabel());
    }

    /** Distinct colours of the pixels well inside cell (row, col), i.e. away from its edges. */
    static java.util.Set<Integer> coloursInside(Rendered r, int row, int col) {
        XYPlot plot = r.plot();
        double xa = plot.getDomainAxis().valueToJava2D(col - 0.5, r.dataArea(), plot.getDomainAxisEdge());
        double xb = plot.getDomainAxis().valueToJava2D(col + 0.5, r.dataArea(), plot.getDomainAxisEdge());
        double ya = plot.getRangeAxis().valueToJava2D(row - 0.5, r.dataArea(), plot.getRangeAxisEdge());
        double yb = plot.getRangeAxis().valueToJava2D(row + 0.5, r.dataArea(), plot.getRangeAxisEdge());
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        for (int y = (int) Math.ceil(Math.min(ya, yb)) + 1; y < Math.floor(Math.max(ya, yb)) - 1; y++) {
            for (int x = (int) Math.ceil(Math.min(xa, xb)) + 1; x < Math.floor(Math.max(xa, xb)) - 1; x++) {
                out.add(r.image().getRGB(x, y));
            }
        }
        return out;
    }

    /** Colour at fraction (u, v) of cell (row, col) on screen: u = 0 left edge, v = 0 top edge. */
    static int argbInCell(Rendered r, int row, int col, double u, double v) {
        XYPlot plot = r.plot();
        double x = plot.getDomainAxis().valueToJava2D(col - 0.5 + u, r.dataArea(), plot.getDomainAxisEdge());
        double y = plot.getRangeAxis().valueToJava2D(row - 0.5 + v, r.dataArea(), plot.getRangeAxisEdge());
        return r.image().getRGB((int) x, (int) y);
    }

    /** A 2 x 3 map: (0,0) exclusive to de and fr, (0,1) only fr, (1,2) to de, fr and zh. */
    static ExpertCategories withSeveral() {
        int S = ExpertCategories.SHARED, U = ExpertCategories.UNUSED;
        int[][][] cells = {{{0, 1}, {1}, {S}}, {{U}, {2}, {0, 1, 2}}};
        return new ExpertCategories("exclusive", List.of("de", "fr", "zh"), cells);
    }

    @Test
    void aCellExclusiveToTwoLanguagesShowsBothColoursSplitDiagonally() {
        int de = Palettes.categorical(0).getRGB(), fr = Palettes.categorical(1).getRGB(), zh = Palettes.categorical(2).getRGB();
        for (String how : List.of(" (device image)", " (canvas cell image)", " (vector shapes)")) {
            JFreeChart chart = LayerExpertCharts.categorical(withSeveral(), STYLE).chart();
            if (how.contains("cell image")) {
                chart.getRenderingHints().put(dev.moescope.viz.export.VizHints.UNSMOOTHED_IMAGE_SCALING, Boolean.TRUE);
            }
            Rendered r = render(chart, 500, 300, how.contains("vector"));
            if (how.contains("vector")) { // anti-aliased edges blend the two colours along the diagonal
                assertTrue(coloursInside(r, 0, 0).containsAll(java.util.Set.of(de, fr)), "both colours" + how);
            } else {
                assertEquals(java.util.Set.of(de, fr), coloursInside(r, 0, 0), "de+fr cell has exactly both colours" + how);
            }
            assertEquals(de, argbInCell(r, 0, 0, 0.15, 0.15), "first language top-left" + how);
            assertEquals(fr, argbInCell(r, 0, 0, 0.85, 0.85), "second language bottom-right" + how);
            assertEquals(de, argbInCell(r, 0, 0, 0.85, 0.1), "the border is the diagonal" + how);
            assertEquals(fr, argbInCell(r, 0, 0, 0.2, 0.9), "the border is the diagonal" + how);
            assertEquals(java.util.Set.of(fr), coloursInside(r, 0, 1), "a one-language cell has only its colour" + how);
            assertTrue(coloursInside(r, 1, 2).containsAll(java.util.Set.of(de, fr, zh)), "three languages, three colours" + how);
            assertEquals(STYLE.sharedCell().getRGB(), r.argbAt(0, 2), "shared" + how);
        }
        var items = ((org.jfree.chart.title.LegendTitle) parts(withSeveral()).chart().getSubtitle(0)).getSources()[0].getLegendItems();
        assertEquals(6, items.getItemCount());
        assertEquals(LayerExpertCharts.SEVERAL_LABEL, items.get(3).getLabel(), "split swatch after the languages");
        assertEquals("shared", items.get(4).getLabel());
    }

    @Test
    void categoriesCountAndNameEveryLanguageOfACell() {
        ExpertCategories c = withSeveral();
        assertEquals(List.of("de", "fr"), c.exclusiveNames(0, 0));
        assertEquals(List.of(), c.exclusiveNames(0, 2));
        assertEquals(4, c.exclusiveCells(1));
        assertEquals(2, c.exclusiveCells(2));
        assertEquals(1, c.exclusiveCells(3));
        assertEquals(1, c.sharedCells());
        assertEquals("exclusive to 2: de, fr", c.describe(0, 0));
        assertEquals("exclusive: fr", c.describe(0, 1));
        assertEquals("exclusive to 3: de, fr, zh", c.describe(1, 2));
        assertEquals("unused", c.describe(1, 0));
        assertEquals(ExpertCategories.SEVERAL, c.asValues()[0][0]);
        assertEquals(1.0, c.asValues()[0][1]);
    }

    private static LayerExpertCharts.Parts parts(ExpertCategories c) {
        return LayerExpertCharts.categorical(c, STYLE);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LayerExpertValues("x", "f", new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("layer 1 has 1 experts"), e.getMessage());
        var c = assertThrows(IllegalArgumentException.class,
                () -> new ExpertCategories("x", List.of("de"), new int[][] {{0, 1}}));
        assertTrue(c.getMessage().contains("expert 1"), c.getMessage());
        var unordered = assertThrows(IllegalArgumentException.class,
                () -> new ExpertCategories("x", List.of("de", "fr"), new int[][][] {{{0}, {1, 0}}}));
        assertTrue(unordered.getMessage().contains("cell (layer 0, expert 1)")
                && unordered.getMessage().contains("strictly increasing"), unordered.getMessage());
        var mixed = assertThrows(IllegalArgumentException.class,
                () -> new ExpertCategories("x", List.of("de", "fr"), new int[][][] {{{0}}, {{ExpertCategories.SHARED, 1}}}));
        assertTrue(mixed.getMessage().contains("cell (layer 1, expert 0)"), mixed.getMessage());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> new ExpertCategories("x", List.of("de"), new int[][][] {{{0}, {}}}));
        assertTrue(empty.getMessage().contains("cell (layer 0, expert 1) is empty"), empty.getMessage());
    }

    @Test
    void benchmarkMeasuresARealRedraw() {
        RedrawTimer.Timing t = HeatmapRedrawBenchmark.measure(600, 300, 2, 5);
        assertEquals(5, t.runs());
        assertTrue(t.p50() > 0 && t.p50() <= t.max());
    }
}
