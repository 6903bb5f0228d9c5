package dev.moescope.viz;

import dev.moescope.viz.export.FigureSource;
import dev.moescope.viz.export.VizHints;
import dev.moescope.viz.style.ChartTheme;
import java.awt.geom.Rectangle2D;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartCanvas;
import org.jfree.chart.fx.ChartViewer;

/**
 * Base of the JFreeChart-backed components: a {@link ChartViewer} (zoom and JFreeChart's own menu off)
 * plus a hover label that follows the mouse. Subclasses turn a mouse position inside the data area into
 * hover text and clicks. {@link #themeProperty()} restyles the chart and swaps the stylesheet.
 */
public abstract class ChartPane extends StackPane implements FigureSource {
    private final ChartViewer viewer = new ChartViewer(null, false);
    private final Label hoverLabel = new Label();
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper(this, "hoverText", "");
    private final ObjectProperty<ChartTheme> theme = new SimpleObjectProperty<>(this, "theme", ChartTheme.LIGHT);

    protected ChartPane() {
        getStyleClass().add("viz-chart");
        getStylesheets().add(ChartTheme.LIGHT.stylesheet());
        ChartCanvas canvas = viewer.getCanvas();
        canvas.setDomainZoomable(false);
        canvas.setRangeZoomable(false);
        canvas.setTooltipEnabled(false);
        canvas.getGraphicsContext2D().setImageSmoothing(false); // kept: ChartCanvas.draw saves/restores around it
        // no mouse-wheel zoom: the grids have fixed extents and there is no "reset zoom" in these views
        if (canvas.getMouseHandler("scroll") != null) {
            canvas.removeAuxiliaryMouseHandler(canvas.getMouseHandler("scroll"));
        }
        hoverLabel.getStyleClass().add("viz-hover");
        hoverLabel.setVisible(false);
        hoverLabel.setManaged(false);
        hoverLabel.setMouseTransparent(true);
        hoverLabel.textProperty().bind(hoverText);
        Pane overlay = new Pane(hoverLabel);
        overlay.setMouseTransparent(true);
        overlay.setPickOnBounds(false);
        getChildren().addAll(viewer, overlay);
        setMinSize(120, 80);
        setPadding(Insets.EMPTY);

        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> onMove(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> clearHover());
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.isStillSincePress()) {
                Rectangle2D area = dataArea();
                if (area != null && area.contains(e.getX(), e.getY())) {
                    onClick(e.getX(), e.getY(), area);
                }
            }
        });
        theme.addListener((obs, old, now) -> {
            getStylesheets().setAll(now.stylesheet());
            themeChanged(now);
        });
    }

    /** Text to show for mouse position (x, y) in canvas coordinates, or null for none. */
    protected abstract String hoverTextAt(double x, double y, Rectangle2D dataArea);

    /** Primary click inside the data area. */
    protected void onClick(double x, double y, Rectangle2D dataArea) { }

    /** Called after the theme changed; the default restyles the current chart in place. */
    protected void themeChanged(ChartTheme now) {
        if (viewer.getChart() != null) {
            now.style().applyTo(viewer.getChart());
        }
    }

    /** Installs a new chart (styled with the current theme); one redraw. */
    protected void setChart(JFreeChart chart) {
        theme.get().style().applyTo(chart);
        // the canvas scales images without smoothing (set in the constructor): grids can be drawn
        // at cell resolution, which keeps a redraw cheap (no full-size image to convert for JavaFX)
        chart.getRenderingHints().put(VizHints.UNSMOOTHED_IMAGE_SCALING, Boolean.TRUE);
        viewer.setChart(chart);
        clearHover();
    }

    public JFreeChart chart() {
        return viewer.getChart();
    }

    public ChartViewer viewer() {
        return viewer;
    }

    public ObjectProperty<ChartTheme> themeProperty() { return theme; }
    public ChartTheme getTheme() { return theme.get(); }
    public void setTheme(ChartTheme t) { theme.set(t); }

    /** Text of the hover label (empty when the mouse is outside the data). */
    public ReadOnlyStringProperty hoverTextProperty() {
        return hoverText.getReadOnlyProperty();
    }

    /** Data area of the last render, in canvas coordinates, or null before the first render. */
    public Rectangle2D dataArea() {
        ChartRenderingInfo info = viewer.getCanvas().getRenderingInfo();
        return info == null || info.getPlotInfo() == null ? null : info.getPlotInfo().getDataArea();
    }

    /** Updates the hover text as if the mouse were at canvas position (x, y); used by handlers and tests. */
    public void hoverAt(double x, double y) {
        onMove(x, y);
    }

    private void onMove(double x, double y) {
        Rectangle2D area = dataArea();
        String text = area != null && area.contains(x, y) && viewer.getChart() != null ? hoverTextAt(x, y, area) : null;
        if (text == null || text.isEmpty()) {
            clearHover();
            return;
        }
        hoverText.set(text);
        hoverLabel.autosize();
        double w = hoverLabel.prefWidth(-1), h = hoverLabel.prefHeight(-1);
        double lx = x + 14 + w > getWidth() ? x - 8 - w : x + 14;
        double ly = y + 16 + h > getHeight() ? y - 8 - h : y + 16;
        hoverLabel.resizeRelocate(Math.max(0, lx), Math.max(0, ly), w, h);
        hoverLabel.setVisible(true);
    }

    private void clearHover() {
        hoverText.set("");
        hoverLabel.setVisible(false);
    }
}
