package dev.moescope.app.languages;

import dev.moescope.app.common.LanguageColors;

import dev.moescope.app.common.Theme;
import dev.moescope.routing.analysis.Dendrogram;
import dev.moescope.viz.dendrogram.DendrogramLayout;
import dev.moescope.viz.dendrogram.DendrogramPainter;
import dev.moescope.viz.export.ExportableChart;
import dev.moescope.viz.export.FigureSource;
import dev.moescope.viz.style.ChartTheme;
import dev.moescope.viz.style.PublicationStyle;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import org.jfree.fx.FXGraphics2D;

/**
 * The dendrogram of the language clustering, leaves coloured by family, with a dashed cut line at the
 * height that gives the chosen number of clusters. Drawn by the viz painter onto a canvas; exportable.
 */
final class DendrogramPane extends BorderPane implements FigureSource {
    private final LanguagesViewModel vm;
    private final ObjectProperty<Theme> theme;
    private final Canvas canvas = new Canvas();
    private DendrogramLayout layout;

    DendrogramPane(LanguagesViewModel vm, ObjectProperty<Theme> theme, Consumer<Throwable> onError) {
        this.vm = vm;
        this.theme = theme;
        setId("dendrogram");
        Pane holder = new Pane(canvas);
        canvas.widthProperty().bind(holder.widthProperty());
        canvas.heightProperty().bind(holder.heightProperty());
        canvas.widthProperty().addListener(o -> redraw());
        canvas.heightProperty().addListener(o -> redraw());
        setCenter(holder);
        setTop(dev.moescope.app.common.Charts.exportBar(this, this, onError));
        holder.setMinSize(200, 200);
        vm.resultProperty().addListener((o, a, r) -> {
            layout = r == null ? null : new DendrogramLayout(toViz(r.tree()));
            redraw();
        });
        vm.clustersProperty().addListener(o -> redraw());
        theme.addListener(o -> redraw());
    }

    private dev.moescope.viz.dendrogram.Dendrogram toViz(Dendrogram tree) {
        List<dev.moescope.viz.dendrogram.Dendrogram.Merge> merges = new ArrayList<>();
        for (Dendrogram.Merge m : tree.merges()) {
            merges.add(new dev.moescope.viz.dendrogram.Dendrogram.Merge(m.left(), m.right(), m.height()));
        }
        List<String> groups = tree.labels().stream().map(l -> vm.familyOf().getOrDefault(l, "Other")).toList();
        return new dev.moescope.viz.dendrogram.Dendrogram("Language clustering (" + tree.linkage().name().toLowerCase() + " linkage)",
                tree.labels(), groups, merges);
    }

    /** The height between two merges that leaves {@code k} clusters. */
    static double cutHeight(List<Double> heights, int k) {
        int n = heights.size() + 1;
        k = Math.max(1, Math.min(n, k));
        if (heights.isEmpty()) {
            return 0;
        }
        if (k == 1) {
            return heights.get(heights.size() - 1) * 1.05;
        }
        if (k == n) {
            return heights.get(0) / 2;
        }
        return (heights.get(n - k - 1) + heights.get(n - k)) / 2;
    }

    private double cut() {
        List<Double> h = layout.tree().merges().stream().map(dev.moescope.viz.dendrogram.Dendrogram.Merge::height).sorted().toList();
        return cutHeight(h, vm.clustersProperty().get());
    }

    private void redraw() {
        var g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (layout == null || canvas.getWidth() < 10 || canvas.getHeight() < 10) {
            return;
        }
        ChartTheme t = theme.get() == Theme.DARK ? ChartTheme.DARK : ChartTheme.LIGHT;
        DendrogramPainter painter = new DendrogramPainter(layout, t.style(), cut(), LanguageColors.shared()::family);
        FXGraphics2D g2 = new FXGraphics2D(g);
        painter.draw(g2, new Rectangle2D.Double(0, 0, canvas.getWidth(), canvas.getHeight()));
    }

    @Override
    public ExportableChart figure() {
        if (layout == null) {
            throw new IllegalStateException("no dendrogram yet: collect routing for at least two languages");
        }
        return new DendrogramPainter(layout, PublicationStyle.STYLE, cut(), LanguageColors.shared()::family);
    }
}
