package dev.moescope.viz.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.viz.FxCall;
import dev.moescope.viz.curves.LayerCurves;
import dev.moescope.viz.curves.LayerCurvesChart;
import dev.moescope.viz.export.ChartExportMenu;
import dev.moescope.viz.export.FigureFormat;
import dev.moescope.viz.palette.ColorScale;
import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class MatrixAndCurvesFxTest {
    private MatrixHeatmap matrix;
    private LayerCurvesChart curves;

    @TempDir
    Path dir;

    @Start
    void start(Stage stage) {
        matrix = new MatrixHeatmap();
        curves = new LayerCurvesChart();
        matrix.setPrefSize(500, 400);
        curves.setPrefSize(500, 300);
        stage.setScene(new Scene(new VBox(matrix, curves), 500, 700));
        stage.show();
    }

    static LabelledMatrix bpb() {
        return new LabelledMatrix("Masking effect", "Δ bits per byte", List.of("de", "fr", "zh"),
                List.of("de", "fr", "zh", "ar"), new double[][] {{0.5, 0.1, 0, -0.05}, {0.02, 0.4, 0, 0}, {0, -0.1, 0.8, Double.NaN}});
    }

    @Test
    void matrixShowsDivergingColoursAndLabelledHover(FxRobot robot) {
        LabelledMatrix m = bpb();
        robot.interact(() -> matrix.showDiverging(m, Double.NaN));
        ColorScale scale = MatrixCharts.divergingScale(m, Double.NaN);
        assertEquals(0.8, scale.upper(), 1e-12);
        WritableImage snap = FxCall.call(() -> matrix.snapshot(null, null));
        Point2D p = FxCall.call(() -> centre(2, 1));
        int argb = snap.getPixelReader().getArgb((int) p.getX(), (int) p.getY() + 8); // below the printed value
        int expected = scale.argb(-0.1);
        for (int shift = 0; shift <= 16; shift += 8) {
            assertTrue(Math.abs(((argb >> shift) & 0xFF) - ((expected >> shift) & 0xFF)) <= 3,
                    Integer.toHexString(argb) + " vs " + Integer.toHexString(expected));
        }
        robot.interact(() -> matrix.hoverAt(p.getX(), p.getY()));
        assertEquals("zh × fr\nΔ bits per byte = -0.1000", matrix.hoverTextProperty().get());
        Point2D nan = FxCall.call(() -> centre(2, 3));
        robot.interact(() -> matrix.hoverAt(nan.getX(), nan.getY()));
        assertTrue(matrix.hoverTextProperty().get().endsWith("no data"));
    }

    private Point2D centre(int row, int col) {
        Rectangle2D area = matrix.dataArea();
        XYPlot plot = matrix.chart().getXYPlot();
        return new Point2D(plot.getDomainAxis().valueToJava2D(col, area, plot.getDomainAxisEdge()),
                plot.getRangeAxis().valueToJava2D(row, area, plot.getRangeAxisEdge()));
    }

    @Test
    void curvesHoverListsEverySeriesAtTheNearestLayer(FxRobot robot) {
        LayerCurves data = new LayerCurves("Routing entropy", "entropy (bits)", List.of(
                new LayerCurves.Series("en", new double[] {1.0, 1.5, 2.0, 2.5}),
                new LayerCurves.Series("de", new double[] {0.5, Double.NaN, 1.25, 3.0})));
        robot.interact(() -> curves.show(data));
        double x = FxCall.call(() -> {
            XYPlot plot = curves.chart().getXYPlot();
            return plot.getDomainAxis().valueToJava2D(2.2, curves.dataArea(), plot.getDomainAxisEdge());
        });
        double y = FxCall.call(() -> curves.dataArea().getCenterY());
        robot.interact(() -> curves.hoverAt(x, y));
        assertEquals("MoE layer 2\nen: 2.000\nde: 1.250", curves.hoverTextProperty().get());
        assertEquals(2, countLegend(), "one legend entry per series");
    }

    private int countLegend() {
        return curves.chart().getXYPlot().getLegendItems().getItemCount();
    }

    @Test
    void exportMenuAttachedToAChartWritesItsFigure(FxRobot robot) throws Exception {
        robot.interact(() -> matrix.showSequential(bpb(), 0, 1));
        Path out = dir.resolve("m.svg");
        ChartExportMenu menu = FxCall.call(() -> ChartExportMenu.attach(matrix, matrix));
        menu.setSaveLocationChooser((format, name, owner) -> Optional.of(out));
        menu.setOnError(e -> { throw new AssertionError(e); });
        assertEquals(Optional.of(out), FxCall.call(() -> menu.export(FigureFormat.SVG)));
        String svg = Files.readString(out);
        assertTrue(svg.contains("Masking effect"));
        assertTrue(svg.contains(">zh<"), "row labels are text");
        assertEquals(4, FxCall.call(() -> menu.contextMenu().getItems().size()) - 1, "3 formats + separator + copy");
        // Monocle's headless robot does not synthesise context-menu events: fire one at the canvas
        // (as the desktop does on right-click) and check that it reaches the menu
        robot.interact(() -> {
            var canvas = matrix.viewer().getCanvas();
            var p = canvas.localToScreen(50, 50);
            javafx.event.Event.fireEvent(canvas, new javafx.scene.input.ContextMenuEvent(
                    javafx.scene.input.ContextMenuEvent.CONTEXT_MENU_REQUESTED, 50, 50, p.getX(), p.getY(), false, null));
        });
        boolean shown = FxCall.call(() -> javafx.stage.Window.getWindows().stream()
                .anyMatch(w -> w instanceof javafx.scene.control.ContextMenu && w.isShowing()));
        assertTrue(shown, "right-click on the chart opens the export menu");
        robot.interact(() -> javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof javafx.scene.control.ContextMenu).toList().forEach(javafx.stage.Window::hide));
    }

    @Test
    void copyImagePutsA2xImageOnTheClipboard(FxRobot robot) {
        robot.interact(() -> matrix.showSequential(bpb(), 0, 1));
        ChartExportMenu menu = FxCall.call(() -> ChartExportMenu.attach(matrix, matrix));
        menu.setOnError(e -> { throw new AssertionError(e); });
        robot.interact(menu::copyImage);
        javafx.scene.image.Image image = FxCall.call(() -> javafx.scene.input.Clipboard.getSystemClipboard().getImage());
        assertTrue(image != null, "clipboard holds an image");
        assertEquals(2 * matrix.figure().preferredSize().width(), image.getWidth(), 1.0);
    }
}
