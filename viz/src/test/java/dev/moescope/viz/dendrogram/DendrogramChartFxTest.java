package dev.moescope.viz.dendrogram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.viz.FxCall;
import dev.moescope.viz.export.ExportableChart;
import javafx.scene.Scene;
import javafx.scene.control.Slider;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class DendrogramChartFxTest {
    private DendrogramChart chart;
    private Slider slider;

    @Start
    void start(Stage stage) {
        chart = new DendrogramChart();
        slider = new Slider(0, 1, 0);
        BorderPane root = new BorderPane(chart);
        root.setBottom(slider);
        stage.setScene(new Scene(root, 420, 400));
        stage.show();
    }

    @Test
    void sliderBoundToTheCutChangesTheClusters(FxRobot robot) {
        robot.interact(() -> {
            chart.setDendrogram(DendrogramTest.five());
            slider.setMax(chart.maxHeight());
            chart.cutHeightProperty().bind(slider.valueProperty());
        });
        assertEquals(0.9, chart.maxHeight(), 1e-9);
        robot.interact(() -> slider.setValue(0.5));
        assertEquals(3, chart.clusterCountProperty().get());
        assertEquals(java.util.List.of(java.util.List.of(4), java.util.List.of(0, 2), java.util.List.of(1, 3)), chart.clusters());
        robot.interact(() -> slider.setValue(0.65));
        assertEquals(2, chart.clusterCountProperty().get());
        robot.interact(() -> slider.setValue(0.05));
        assertEquals(5, chart.clusterCountProperty().get());

        // the painted canvas shows the cut line (vermillion) somewhere in the tree area
        robot.interact(() -> slider.setValue(0.5));
        WritableImage snap = FxCall.call(() -> chart.snapshot(null, null));
        boolean cutSeen = false;
        int mid = (int) (snap.getHeight() / 2);
        for (int y = mid - 4; y <= mid + 4; y++) { // the line is dashed: look at a few rows
            for (int x = 0; x < snap.getWidth() && !cutSeen; x++) {
                int argb = snap.getPixelReader().getArgb(x, y);
                int r = (argb >> 16) & 0xFF, g = (argb >> 8) & 0xFF, b = argb & 0xFF;
                cutSeen = r > 180 && g > 60 && g < 130 && b < 60;
            }
        }
        assertTrue(cutSeen, "dashed vermillion cut line crosses the middle rows");

        ExportableChart figure = chart.figure();
        assertEquals("Languages", figure.title());
        assertTrue(figure.preferredSize().height() > 60);
    }

    @Test
    void hoverNamesTheLeafAndItsCluster(FxRobot robot) {
        robot.interact(() -> {
            chart.cutHeightProperty().unbind();
            chart.setDendrogram(DendrogramTest.five());
            chart.setCutHeight(0.5);
        });
        // find the y of display row 1 (leaf 0, "de") by scanning for the hover text
        String found = FxCall.call(() -> {
            for (double y = 0; y < chart.getHeight(); y += 2) {
                chart.hoverAt(y);
                if (chart.hoverTextProperty().get().startsWith("de ")) {
                    return chart.hoverTextProperty().get();
                }
            }
            return "";
        });
        assertEquals("de (Germanic)\ncluster 2 of 3: 2 leaves", found);
    }
}
