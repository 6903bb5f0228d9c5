package dev.moescope.viz.dendrogram;

import dev.moescope.viz.export.ExportableChart;
import dev.moescope.viz.export.FigureSize;
import dev.moescope.viz.palette.Palettes;
import dev.moescope.viz.style.ChartStyle;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;

/**
 * Paints a dendrogram with Graphics2D (screen via FXGraphics2D, PNG/SVG/PDF via {@code FigureExporter}):
 * leaves on the left (a swatch in the leaf's group colour + label), merge height growing to the right,
 * a height axis below, a group legend at the bottom and, when a cut height is set, a dashed cut line
 * with alternating bands behind the resulting clusters; branches above the cut are drawn muted.
 */
public final class DendrogramPainter implements ExportableChart {
    /** Vermillion (Okabe-Ito), readable on light and dark backgrounds. */
    private static final Color CUT_COLOR = new Color(0xD55E00);

    private final DendrogramLayout layout;
    private final ChartStyle style;
    private final double cut;
    private final java.util.function.Function<String, Color> groupColors;

    /** Where the last {@link #draw} put things, for hit testing. */
    private double lastTop;
    private double lastRowHeight;

    /** @param cut cut height, NaN for none */
    public DendrogramPainter(DendrogramLayout layout, ChartStyle style, double cut) {
        this(layout, style, cut, null);
    }

    /** @param groupColors colour per group (e.g. per family, the same in every figure), null: by order of appearance */
    public DendrogramPainter(DendrogramLayout layout, ChartStyle style, double cut,
            java.util.function.Function<String, Color> groupColors) {
        this.layout = layout;
        this.style = style;
        this.cut = cut;
        this.groupColors = groupColors;
    }

    @Override
    public String title() {
        return layout.tree().title();
    }

    @Override
    public FigureSize preferredSize() {
        return new FigureSize(dev.moescope.viz.style.PublicationStyle.ONE_COLUMN_WIDTH,
                60 + layout.tree().leafCount() * (style.tickFont().getSize2D() + 2.5));
    }

    /** Colour of a group: the given colours, else the categorical palette by order of first appearance. */
    public Color groupColor(String group) {
        Color c = groupColors == null ? null : groupColors.apply(group);
        return c != null ? c : Palettes.categorical(layout.tree().groups().indexOf(group));
    }

    /** Display row (0 = top) at y in the last drawn area, or -1. */
    public int rowAt(double y) {
        int row = (int) Math.floor((y - lastTop) / lastRowHeight);
        return lastRowHeight <= 0 || row < 0 || row >= layout.tree().leafCount() ? -1 : row;
    }

    /** Centre y of display row {@code row} in the last drawn area. */
    public double rowCenterY(int row) {
        return lastTop + (row + 0.5) * lastRowHeight;
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        Dendrogram tree = layout.tree();
        int n = tree.leafCount();
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setColor(style.background());
        g2.fill(area);
        double pad = 4;
        double top = area.getY() + pad, bottom = area.getMaxY() - pad;

        g2.setFont(style.titleFont());
        FontMetrics tfm = g2.getFontMetrics();
        g2.setColor(style.foreground());
        g2.drawString(tree.title(), (float) (area.getCenterX() - tfm.stringWidth(tree.title()) / 2.0),
                (float) (top + tfm.getAscent()));
        top += tfm.getHeight() + 4;

        g2.setFont(style.tickFont());
        FontMetrics fm = g2.getFontMetrics();
        boolean hasCut = !Double.isNaN(cut);
        if (hasCut) {
            top += fm.getHeight() + 2; // row for the cut label
        }
        bottom -= legendHeight(fm, area.getWidth() - 2 * pad);
        double legendTop = bottom + 4;
        double axisHeight = fm.getHeight() * 2 + 6;
        bottom -= axisHeight;

        double swatch = Math.max(4, fm.getAscent() * 0.75);
        double labelWidth = 0;
        for (String label : tree.leafLabels()) {
            labelWidth = Math.max(labelWidth, fm.stringWidth(label));
        }
        double treeLeft = area.getX() + pad + swatch + 4 + labelWidth + 6;
        double treeRight = area.getMaxX() - pad - 6;
        final double rowsTop = top;
        double rowH = (bottom - top) / n;
        lastTop = top;
        lastRowHeight = rowH;
        double maxH = tree.maxHeight() > 0 ? tree.maxHeight() : 1;
        java.util.function.DoubleUnaryOperator xOf = h -> treeLeft + h / maxH * (treeRight - treeLeft);
        java.util.function.DoubleUnaryOperator yOf = p -> rowsTop + (p + 0.5) * rowH;

        if (hasCut) { // alternating bands behind clusters, up to the cut line
            List<List<Integer>> clusters = layout.clustersAt(cut);
            double cutX = Math.min(treeRight, xOf.applyAsDouble(cut));
            Color band = blend(style.background(), style.foreground(), 0.10);
            int row = 0;
            for (int c = 0; c < clusters.size(); c++) {
                int size = clusters.get(c).size();
                if (c % 2 == 0) {
                    g2.setColor(band);
                    g2.fill(new Rectangle2D.Double(area.getX() + pad, top + row * rowH, cutX - area.getX() - pad, size * rowH));
                }
                row += size;
            }
        }

        int[] order = layout.leafOrder();
        for (int row = 0; row < n; row++) { // leaf swatches and labels
            int leaf = order[row];
            double y = yOf.applyAsDouble(row);
            g2.setColor(groupColor(tree.leafGroups().get(leaf)));
            g2.fill(new Rectangle2D.Double(area.getX() + pad, y - swatch / 2, swatch, swatch));
            g2.setColor(style.foreground());
            g2.drawString(tree.leafLabels().get(leaf), (float) (area.getX() + pad + swatch + 4),
                    (float) (y + (fm.getAscent() - fm.getDescent()) / 2.0));
        }

        Color muted = blend(style.background(), style.foreground(), 0.45);
        BasicStroke branch = new BasicStroke(Math.max(0.75f, style.seriesLineWidth() * 0.75f));
        g2.setStroke(branch);
        for (int k = 0; k < n - 1; k++) { // elbow per merge: two horizontals + one vertical at its height
            Dendrogram.Merge m = tree.merges().get(k);
            double hx = xOf.applyAsDouble(m.height());
            g2.setColor(hasCut && m.height() > cut ? muted : style.foreground());
            for (int child : new int[] {m.left(), m.right()}) {
                double cy = yOf.applyAsDouble(layout.position(child));
                g2.draw(new Line2D.Double(xOf.applyAsDouble(layout.height(child)), cy, hx, cy));
            }
            g2.draw(new Line2D.Double(hx, yOf.applyAsDouble(layout.position(m.left())), hx,
                    yOf.applyAsDouble(layout.position(m.right()))));
        }

        drawAxis(g2, fm, treeLeft, treeRight, bottom + 2, maxH);

        if (hasCut) {
            double cx = xOf.applyAsDouble(Math.min(cut, maxH));
            g2.setColor(CUT_COLOR);
            g2.setStroke(new BasicStroke(Math.max(1f, style.axisLineWidth() * 1.5f), BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
            g2.draw(new Line2D.Double(cx, top, cx, bottom));
            String text = String.format(Locale.ROOT, "cut %.3g: %d clusters", cut, layout.clustersAt(cut).size());
            float tx = (float) Math.max(treeLeft, Math.min(cx - fm.stringWidth(text) / 2.0, treeRight - fm.stringWidth(text)));
            g2.drawString(text, tx, (float) (top - 3 - fm.getDescent()));
        }

        drawLegend(g2, fm, area.getX() + pad, legendTop, area.getWidth() - 2 * pad, swatch);
    }

    private void drawAxis(Graphics2D g2, FontMetrics fm, double left, double right, double y, double maxH) {
        g2.setColor(style.foreground());
        g2.setStroke(new BasicStroke(style.axisLineWidth()));
        g2.draw(new Line2D.Double(left, y, right, y));
        double step = niceStep(maxH / 5);
        for (double t = 0; t <= maxH * 1.0001; t += step) {
            double x = left + t / maxH * (right - left);
            g2.draw(new Line2D.Double(x, y, x, y + 3));
            String s = String.format(Locale.ROOT, step >= 1 ? "%.0f" : step >= 0.1 ? "%.1f" : "%.2f", t);
            g2.drawString(s, (float) (x - fm.stringWidth(s) / 2.0), (float) (y + 4 + fm.getAscent()));
        }
        String label = "merge height (distance)";
        g2.drawString(label, (float) ((left + right) / 2 - fm.stringWidth(label) / 2.0),
                (float) (y + 6 + fm.getHeight() + fm.getAscent()));
    }

    private double legendHeight(FontMetrics fm, double width) {
        return legendRows(fm, width) * (fm.getHeight() + 2) + 4;
    }

    private int legendRows(FontMetrics fm, double width) {
        int rows = 1;
        double x = 0;
        for (String g : layout.tree().groups()) {
            double w = fm.getAscent() + 4 + fm.stringWidth(g) + 12;
            if (x + w > width && x > 0) {
                rows++;
                x = 0;
            }
            x += w;
        }
        return rows;
    }

    private void drawLegend(Graphics2D g2, FontMetrics fm, double left, double top, double width, double swatch) {
        double x = 0, y = top;
        for (String g : layout.tree().groups()) {
            double w = fm.getAscent() + 4 + fm.stringWidth(g) + 12;
            if (x + w > width && x > 0) {
                x = 0;
                y += fm.getHeight() + 2;
            }
            double cy = y + fm.getHeight() / 2.0;
            g2.setColor(groupColor(g));
            g2.fill(new Rectangle2D.Double(left + x, cy - swatch / 2, swatch, swatch));
            g2.setColor(style.foreground());
            g2.drawString(g, (float) (left + x + swatch + 4), (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
            x += w;
        }
    }

    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
    }

    private static Color blend(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }
}
