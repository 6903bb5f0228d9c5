package dev.moescope.viz.grid;

import dev.moescope.viz.export.VizHints;
import dev.moescope.viz.palette.OkLab;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Objects;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.AbstractXYItemRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.xy.XYDataset;

/**
 * Paints a {@link GridDataset} as ONE image instead of one rectangle per cell (48 x 128 = 6144
 * rectangles with XYBlockRenderer). The plot still calls drawItem per item; only the first call of a
 * render paints, the rest return at once. The image is built at device resolution with
 * nearest-neighbour cell lookup, so cell edges stay sharp on screen and in 2x PNGs, and it is cached
 * until the data, the colours or the size change. On vector outputs ({@link VizHints#VECTOR_OUTPUT})
 * cells are painted as rectangles (runs of equal colour merged per row).
 */
public final class GridImageRenderer extends AbstractXYItemRenderer {
    private CellColors colors;
    private CellLabels labels;
    private Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private long colorsVersion;

    private transient boolean paintedThisRender;
    private transient int[] cellArgb;          // [rows * cols] ARGB of each cell
    private transient Object cellKey;          // (dataset, version, colorsVersion) cellArgb was built for
    private transient BufferedImage image;     // cells scaled to device pixels
    private transient Object imageKey;

    public GridImageRenderer(CellColors colors) {
        this.colors = Objects.requireNonNull(colors);
        setDefaultCreateEntities(false);
    }

    public void setCellColors(CellColors colors) {
        this.colors = Objects.requireNonNull(colors);
        colorsVersion++;
        fireChangeEvent();
    }

    /** Text inside cells (drawn only where it fits), or null for none. */
    public void setCellLabels(CellLabels labels, Font font) {
        this.labels = labels;
        this.labelFont = font;
        fireChangeEvent();
    }

    @Override
    public XYItemRendererState initialise(Graphics2D g2, Rectangle2D dataArea, XYPlot plot, XYDataset dataset,
                                          PlotRenderingInfo info) {
        paintedThisRender = false;
        return super.initialise(g2, dataArea, plot, dataset, info);
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                         XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series,
                         int item, CrosshairState crosshairState, int pass) {
        if (paintedThisRender || !(dataset instanceof GridDataset grid) || grid.rows() == 0 || grid.cols() == 0) {
            return;
        }
        paintedThisRender = true;
        RectangleEdge xEdge = plot.getDomainAxisEdge(), yEdge = plot.getRangeAxisEdge();
        // java2D positions of the grid's outer edges (cells are centred on integer coordinates)
        double x0 = domainAxis.valueToJava2D(-0.5, dataArea, xEdge);
        double x1 = domainAxis.valueToJava2D(grid.cols() - 0.5, dataArea, xEdge);
        double y0 = rangeAxis.valueToJava2D(-0.5, dataArea, yEdge);
        double y1 = rangeAxis.valueToJava2D(grid.rows() - 0.5, dataArea, yEdge);
        int[] argb = cellColors(grid);
        if (VizHints.isVectorOutput(g2)) {
            paintRectangles(g2, grid, argb, x0, x1, y0, y1);
        } else if (Boolean.TRUE.equals(g2.getRenderingHint(VizHints.UNSMOOTHED_IMAGE_SCALING))) {
            paintCellImage(g2, grid, argb, x0, x1, y0, y1);
        } else {
            paintImage(g2, grid, argb, x0, x1, y0, y1);
        }
        if (labels != null) {
            paintLabels(g2, grid, argb, x0, x1, y0, y1);
        }
    }

    private int[] cellColors(GridDataset grid) {
        Object key = java.util.List.of(System.identityHashCode(grid), grid.version(), colorsVersion, grid.rows(), grid.cols());
        if (!key.equals(cellKey)) {
            int rows = grid.rows(), cols = grid.cols();
            int[] out = new int[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[r * cols + c] = colors.argb(r, c, grid.value(r, c));
                }
            }
            cellArgb = out;
            cellKey = key;
        }
        return cellArgb;
    }

    private void paintImage(Graphics2D g2, GridDataset grid, int[] argb, double x0, double x1, double y0, double y1) {
        AffineTransform t = g2.getTransform();
        double sx = Math.hypot(t.getScaleX(), t.getShearY()), sy = Math.hypot(t.getScaleY(), t.getShearX());
        double left = Math.min(x0, x1), top = Math.min(y0, y1);
        double w = Math.abs(x1 - x0), h = Math.abs(y1 - y0);
        int pw = Math.max(1, (int) Math.round(w * sx)), ph = Math.max(1, (int) Math.round(h * sy));
        boolean colsReversed = x1 < x0, rowsReversed = y1 < y0; // rows grow upward on a normal range axis
        Object key = java.util.List.of(cellKey, pw, ph, colsReversed, rowsReversed);
        if (!key.equals(imageKey)) {
            image = buildImage(grid.rows(), grid.cols(), argb, pw, ph, colsReversed, rowsReversed);
            imageKey = key;
        }
        Object oldInterp = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g2.drawImage(image, new AffineTransform(w / pw, 0, 0, h / ph, left, top), null);
        if (oldInterp != null) {
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, oldInterp);
        }
    }

    /** One pixel per cell, scaled by the target (which must not smooth: see VizHints). */
    private void paintCellImage(Graphics2D g2, GridDataset grid, int[] argb, double x0, double x1, double y0, double y1) {
        int rows = grid.rows(), cols = grid.cols();
        boolean colsReversed = x1 < x0, rowsReversed = y1 < y0;
        Object key = java.util.List.of(cellKey, cols, rows, colsReversed, rowsReversed);
        if (!key.equals(imageKey)) {
            image = buildImage(rows, cols, argb, cols, rows, colsReversed, rowsReversed);
            imageKey = key;
        }
        double left = Math.min(x0, x1), top = Math.min(y0, y1);
        g2.drawImage(image, new AffineTransform(Math.abs(x1 - x0) / cols, 0, 0, Math.abs(y1 - y0) / rows, left, top), null);
    }

    /** Nearest-neighbour upscale of the cell colours to {@code pw x ph} device pixels. */
    static BufferedImage buildImage(int rows, int cols, int[] argb, int pw, int ph, boolean colsReversed,
                                    boolean rowsReversed) {
        int[] colOf = new int[pw]; // [pw] cell column under each pixel column
        for (int px = 0; px < pw; px++) {
            int c = (int) ((px + 0.5) * cols / pw);
            colOf[px] = colsReversed ? cols - 1 - c : c;
        }
        BufferedImage img = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_ARGB);
        int[] pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData(); // [ph * pw]
        int prevRow = -1;
        for (int py = 0; py < ph; py++) {
            int r = (int) ((py + 0.5) * rows / ph);
            int row = rowsReversed ? rows - 1 - r : r;
            int off = py * pw;
            if (row == prevRow) { // same cell row as the previous pixel row: copy it
                System.arraycopy(pixels, off - pw, pixels, off, pw);
                continue;
            }
            int base = row * cols;
            for (int px = 0; px < pw; px++) {
                pixels[off + px] = argb[base + colOf[px]];
            }
            prevRow = row;
        }
        return img;
    }

    private static void paintRectangles(Graphics2D g2, GridDataset grid, int[] argb, double x0, double x1, double y0,
                                        double y1) {
        int rows = grid.rows(), cols = grid.cols();
        double cw = (x1 - x0) / cols, ch = (y1 - y0) / rows; // signed cell size in java2D
        // Abutting anti-aliased rectangles show hairline seams in PDF/SVG viewers: grow each run by a
        // quarter unit towards the cells painted after it (they cover the overlap; the plot clips the rest).
        double growX = Math.signum(cw) * 0.25, growY = Math.signum(ch) * 0.25;
        for (int r = 0; r < rows; r++) {
            double ya = y0 + r * ch, yb = ya + ch + growY;
            int c = 0;
            while (c < cols) {
                int color = argb[r * cols + c];
                int end = c + 1;
                while (end < cols && argb[r * cols + end] == color) {
                    end++;
                }
                double xa = x0 + c * cw, xb = x0 + end * cw + growX;
                g2.setColor(new Color(color, true));
                g2.fill(new Rectangle2D.Double(Math.min(xa, xb), Math.min(ya, yb), Math.abs(xb - xa), Math.abs(yb - ya)));
                c = end;
            }
        }
    }

    private void paintLabels(Graphics2D g2, GridDataset grid, int[] argb, double x0, double x1, double y0, double y1) {
        int rows = grid.rows(), cols = grid.cols();
        double cw = (x1 - x0) / cols, ch = (y1 - y0) / rows;
        g2.setFont(labelFont);
        FontMetrics fm = g2.getFontMetrics();
        if (fm.getAscent() > Math.abs(ch) - 1) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                String text = labels.label(r, c, grid.value(r, c));
                if (text == null || fm.stringWidth(text) > Math.abs(cw) - 2) {
                    continue;
                }
                double cx = x0 + (c + 0.5) * cw, cy = y0 + (r + 0.5) * ch;
                g2.setColor(OkLab.textColorOn(new Color(argb[r * cols + c])));
                g2.drawString(text, (float) (cx - fm.stringWidth(text) / 2.0),
                        (float) (cy + (fm.getAscent() - fm.getDescent()) / 2.0));
            }
        }
    }

    @Override
    public Range findDomainBounds(XYDataset dataset) {
        return dataset instanceof GridDataset g && g.cols() > 0 ? new Range(-0.5, g.cols() - 0.5) : null;
    }

    @Override
    public Range findRangeBounds(XYDataset dataset) {
        return dataset instanceof GridDataset g && g.rows() > 0 ? new Range(-0.5, g.rows() - 0.5) : null;
    }
}
