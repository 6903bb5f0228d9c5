package dev.moescope.viz.dendrogram;

import dev.moescope.viz.export.ExportableChart;
import dev.moescope.viz.export.FigureSource;
import dev.moescope.viz.style.ChartTheme;
import dev.moescope.viz.style.PublicationStyle;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.jfree.fx.FXGraphics2D;

/**
 * Dendrogram view (leaves on the left) painted by {@link DendrogramPainter} on a canvas. Bind a slider
 * to {@link #cutHeightProperty()} (NaN = no cut; range 0..{@link #maxHeight()}); the clusters at the cut
 * are highlighted and counted in {@link #clusterCountProperty()}. Preferred height gives every leaf a
 * readable row (60 leaves ~ 870 px); put it in a ScrollPane when space is short.
 */
public final class DendrogramChart extends Region implements FigureSource {
    private static final double ROW_HEIGHT = 14;

    private final Canvas canvas = new Canvas();
    private final DoubleProperty cutHeight = new SimpleDoubleProperty(this, "cutHeight", Double.NaN);
    private final ObjectProperty<ChartTheme> theme = new SimpleObjectProperty<>(this, "theme", ChartTheme.LIGHT);
    private final ReadOnlyIntegerWrapper clusterCount = new ReadOnlyIntegerWrapper(this, "clusterCount", 0);
    private final ReadOnlyStringWrapper hoverText = new ReadOnlyStringWrapper(this, "hoverText", "");
    private final Tooltip tooltip = new Tooltip();
    private DendrogramLayout layout;
    private DendrogramPainter painter;

    public DendrogramChart() {
        getStyleClass().addAll("viz-chart", "dendrogram-chart");
        getStylesheets().add(ChartTheme.LIGHT.stylesheet());
        getChildren().add(canvas);
        tooltip.textProperty().bind(hoverText);
        tooltip.setShowDelay(Duration.millis(150));
        cutHeight.addListener((obs, o, n) -> repaint());
        theme.addListener((obs, o, n) -> {
            getStylesheets().setAll(n.stylesheet());
            repaint();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hoverAt(e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hoverText.set(""));
    }

    public void setDendrogram(Dendrogram tree) {
        layout = new DendrogramLayout(Objects.requireNonNull(tree));
        requestLayout();
        repaint();
    }

    public DendrogramLayout dendrogramLayout() {
        return layout;
    }

    /** Root height, the upper end for a cut slider (0 before data). */
    public double maxHeight() {
        return layout == null ? 0 : layout.tree().maxHeight();
    }

    public DoubleProperty cutHeightProperty() { return cutHeight; }
    public double getCutHeight() { return cutHeight.get(); }
    public void setCutHeight(double h) { cutHeight.set(h); }

    public ObjectProperty<ChartTheme> themeProperty() { return theme; }
    public void setTheme(ChartTheme t) { theme.set(t); }

    /** Number of clusters at the current cut (1 with no cut, 0 before data). */
    public ReadOnlyIntegerProperty clusterCountProperty() { return clusterCount.getReadOnlyProperty(); }

    /** Leaf ids per cluster at the current cut, top to bottom. */
    public List<List<Integer>> clusters() {
        return layout == null ? List.of() : layout.clustersAt(cutHeight.get());
    }

    public ReadOnlyStringProperty hoverTextProperty() { return hoverText.getReadOnlyProperty(); }

    @Override
    public ExportableChart figure() {
        if (layout == null) {
            throw new IllegalStateException("the dendrogram shows no data yet");
        }
        return new DendrogramPainter(layout, PublicationStyle.STYLE, cutHeight.get());
    }

    /** Updates the hover text for canvas y (leaf row under the mouse). */
    public void hoverAt(double y) {
        int row = painter == null ? -1 : painter.rowAt(y);
        if (row < 0) {
            hoverText.set("");
            Tooltip.uninstall(canvas, tooltip);
            return;
        }
        int leaf = layout.leafOrder()[row];
        Dendrogram tree = layout.tree();
        String text = tree.leafLabels().get(leaf) + " (" + tree.leafGroups().get(leaf) + ")";
        if (!Double.isNaN(cutHeight.get())) {
            List<List<Integer>> clusters = layout.clustersAt(cutHeight.get());
            int c = layout.clusterOfLeaf(cutHeight.get())[leaf];
            text += "\ncluster " + (c + 1) + " of " + clusters.size() + ": " + clusters.get(c).size() + " leaves";
        }
        hoverText.set(text);
        Tooltip.install(canvas, tooltip);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 420;
    }

    @Override
    protected double computePrefHeight(double width) {
        return layout == null ? 200 : 110 + layout.tree().leafCount() * ROW_HEIGHT;
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth()), h = snapSizeY(getHeight());
        if (canvas.getWidth() != w || canvas.getHeight() != h) {
            canvas.setWidth(w);
            canvas.setHeight(h);
            repaint();
        }
    }

    private void repaint() {
        clusterCount.set(layout == null ? 0 : layout.clustersAt(cutHeight.get()).size());
        double w = canvas.getWidth(), h = canvas.getHeight();
        canvas.getGraphicsContext2D().clearRect(0, 0, w, h);
        if (layout == null || w < 1 || h < 1) {
            return;
        }
        painter = new DendrogramPainter(layout, theme.get().style(), cutHeight.get());
        painter.draw(new FXGraphics2D(canvas.getGraphicsContext2D()), new Rectangle2D.Double(0, 0, w, h));
    }
}
