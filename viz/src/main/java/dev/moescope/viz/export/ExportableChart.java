package dev.moescope.viz.export;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;

/**
 * Anything that can paint itself into a Graphics2D area: a JFreeChart or one of the custom painters
 * (dendrogram). {@link FigureExporter} writes these to PNG/SVG/PDF/clipboard.
 */
public interface ExportableChart {

    /** Short title, used for file names and the SVG title. */
    String title();

    /** Paints the whole figure into {@code area} (user-space units: px on screen, pt in exports). */
    void draw(Graphics2D g2, Rectangle2D area);

    /** Suggested export size in points. */
    FigureSize preferredSize();

    static ExportableChart of(JFreeChart chart, String title, double width, double height) {
        return new ExportableChart() {
            @Override public String title() { return title; }
            @Override public void draw(Graphics2D g2, Rectangle2D area) { chart.draw(g2, area); }
            @Override public FigureSize preferredSize() { return new FigureSize(width, height); }
        };
    }
}
