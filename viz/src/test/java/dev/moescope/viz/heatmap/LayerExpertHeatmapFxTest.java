package dev.moescope.viz.heatmap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.viz.FxCall;
import dev.moescope.viz.palette.ColorScale;
import dev.moescope.viz.palette.Palettes;
import dev.moescope.viz.style.ChartTheme;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class LayerExpertHeatmapFxTest {
    private LayerExpertHeatmap heatmap;

    @Start
    void start(Stage stage) {
        heatmap = new LayerExpertHeatmap();
        stage.setScene(new Scene(heatmap, 900, 500));
        stage.show();
    }

    private static double[][] values() {
        double[][] v = new double[48][128]; // [layer][expert]
        for (int l = 0; l < 48; l++) {
            for (int e = 0; e < 128; e++) {
                v[l][e] = ((l * 7 + e * 3) % 100) / 100.0;
            }
        }
        return v;
    }

    /** Canvas coordinates of the centre of cell (layer, expert). */
    private Point2D centre(int layer, int expert) {
        Rectangle2D area = heatmap.dataArea();
        XYPlot plot = heatmap.chart().getXYPlot();
        return new Point2D(plot.getDomainAxis().valueToJava2D(expert, area, plot.getDomainAxisEdge()),
                plot.getRangeAxis().valueToJava2D(layer, area, plot.getRangeAxisEdge()));
    }

    private static int argb(WritableImage img, Point2D p) {
        return img.getPixelReader().getArgb((int) p.getX(), (int) p.getY());
    }

    @Test
    void showsCellsInScaleColoursAndReportsHoverAndClicks(FxRobot robot) {
        double[][] v = values();
        LayerExpertValues data = new LayerExpertValues("Activation: de", "frequency", v);
        List<int[]> clicks = new ArrayList<>();
        robot.interact(() -> {
            heatmap.setCellText((layer, expert, value) -> "top tokens of " + layer + "/" + expert);
            heatmap.setOnExpertClicked((layer, expert) -> clicks.add(new int[] {layer, expert}));
            heatmap.showSequential(data, 1.0);
        });
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage snap = FxCall.call(() -> heatmap.snapshot(null, null));
        ColorScale scale = LayerExpertCharts.sequentialScale(data, 1.0);
        for (int[] cell : new int[][] {{0, 0}, {10, 100}, {47, 127}, {23, 64}}) {
            int expected = scale.argb(v[cell[0]][cell[1]]);
            assertColourClose(expected, argb(snap, centre(cell[0], cell[1])), "cell " + cell[0] + "/" + cell[1]);
        }

        Point2D c = centre(12, 87);
        robot.interact(() -> heatmap.hoverAt(c.getX(), c.getY()));
        String hover = heatmap.hoverTextProperty().get();
        assertTrue(hover.startsWith("MoE layer 12 · expert 87\nfrequency = " + LayerExpertHeatmap.format(v[12][87])), hover);
        assertTrue(hover.endsWith("top tokens of 12/87"), hover);
        robot.interact(() -> heatmap.hoverAt(1, 1));
        assertEquals("", heatmap.hoverTextProperty().get(), "outside the grid: no hover text");

        Point2D screen = FxCall.call(() -> heatmap.viewer().getCanvas().localToScreen(centre(5, 9)));
        robot.clickOn(screen);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, clicks.size());
        assertArrayEquals(new int[] {5, 9}, clicks.get(0));
        assertNull(FxCall.call(() -> heatmap.cellAt(1, 1)));
    }

    @Test
    void categoricalMapAndDarkTheme(FxRobot robot) {
        int[][] cells = new int[4][8];
        for (int[] row : cells) {
            java.util.Arrays.fill(row, ExpertCategories.UNUSED);
        }
        cells[1][2] = 1;
        cells[3][5] = ExpertCategories.SHARED;
        int[][][] withTwo = new int[4][8][];
        for (int l = 0; l < 4; l++) {
            for (int e = 0; e < 8; e++) {
                withTwo[l][e] = new int[] {cells[l][e]};
            }
        }
        withTwo[2][6] = new int[] {0, 1}; // exclusive to de and zh
        ExpertCategories cats = new ExpertCategories("Exclusive", List.of("de", "zh"), withTwo);
        robot.interact(() -> heatmap.showCategorical(cats));
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage snap = FxCall.call(() -> heatmap.snapshot(null, null));
        assertColourClose(Palettes.categorical(1).getRGB(), argb(snap, centre(1, 2)), "exclusive zh");
        assertColourClose(ChartTheme.LIGHT.style().sharedCell().getRGB(), argb(snap, centre(3, 5)), "shared");
        assertColourClose(0xFFFFFFFF, argb(snap, centre(0, 0)), "unused");
        // the de+zh cell on screen: de in its top-left corner, zh in its bottom-right corner
        Point2D mid = centre(2, 6), corner = centre(1, 5); // the cell up-left, to size a quarter cell
        double qx = (mid.getX() - corner.getX()) / 4, qy = (mid.getY() - corner.getY()) / 4;
        assertColourClose(Palettes.categorical(0).getRGB(), argb(snap, mid.add(-qx, -qy)), "de+zh cell, top-left");
        assertColourClose(Palettes.categorical(1).getRGB(), argb(snap, mid.add(qx, qy)), "de+zh cell, bottom-right");
        Point2D p = centre(1, 2);
        robot.interact(() -> heatmap.hoverAt(p.getX(), p.getY()));
        assertTrue(heatmap.hoverTextProperty().get().contains("exclusive: zh"));
        robot.interact(() -> heatmap.hoverAt(mid.getX(), mid.getY()));
        assertTrue(heatmap.hoverTextProperty().get().contains("exclusive to 2: de, zh"), heatmap.hoverTextProperty().get());

        robot.interact(() -> heatmap.setTheme(ChartTheme.DARK));
        WaitForAsyncUtils.waitForFxEvents();
        WritableImage dark = FxCall.call(() -> heatmap.snapshot(null, null));
        assertColourClose(ChartTheme.DARK.style().emptyCell().getRGB(), argb(dark, centre(0, 0)), "unused in dark theme");
        assertColourClose(ChartTheme.DARK.style().background().getRGB(), dark.getPixelReader().getArgb(2, 2), "dark background");
        assertTrue(heatmap.getStylesheets().get(0).endsWith("viz-dark.css"));
    }

    @Test
    void updateValuesRedrawsInPlace(FxRobot robot) {
        double[][] v = new double[3][4];
        robot.interact(() -> heatmap.showSequential(new LayerExpertValues("t", "f", v), 1.0));
        double[][] w = new double[3][4];
        w[2][1] = 1.0;
        var before = heatmap.chart();
        robot.interact(() -> heatmap.updateValues(w));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(before == heatmap.chart(), "same chart object, only the dataset changed");
        WritableImage snap = FxCall.call(() -> heatmap.snapshot(null, null));
        assertColourClose(0xFFFDE725, argb(snap, centre(2, 1)), "updated cell");
        assertColourClose(0xFF440154, argb(snap, centre(2, 2)), "zero cell");
    }

    static void assertColourClose(int expected, int actual, String what) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int a = (expected >> shift) & 0xFF, b = (actual >> shift) & 0xFF;
            assertTrue(Math.abs(a - b) <= 3, what + ": expected " + Integer.toHexString(expected) + " got "
                    + Integer.toHexString(actual));
        }
    }
}
