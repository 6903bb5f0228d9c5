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
 * cells are painted as rectangles (runs of equal colour merged per row). Cells with several colours
 * ({@link CellSplits}) are painted as {@link DiagonalBands} in every output.
 */
public final class GridImageRenderer extends AbstractXYItemRenderer {
    /** Most pixels per cell side in the cell-resolution image of a grid with split cells. */
    private static final int MAX_SUBCELLS = 32;

    private CellColors colors;
    private CellSplits splits;                 // null: every cell has one colour
    private CellLabels labels;
    private Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    private long colorsVersion;

    private transient boolean paintedThisRender;
    private transient Cells cells;
    private transient Object cellKey;          // (dataset, version, colorsVersion) cells were built for
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

    /** Cells painted in several colours (diagonal bands), or null for none. */
    public void setCellSplits(CellSplits splits) {
        this.splits = splits;
        colorsVersion++;
        fireChangeEvent();
    }

    /**
     * The colours of all cells.
     *
     * @param argb     [rows * cols] ARGB of each cell (of a split cell: its first colour)
     * @param split    [rows * cols] colours of split cells, null entries for plain ones; null when no
     *                 cell is split
     * @param rowSplit [rows] whether the row has a split cell (null when none has)
     */
    record Cells(int rows, int cols, int[] argb, int[][] split, boolean[] rowSplit) {
        boolean isSplit(int index) {
            return split != null && split[index] != null;
        }
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
        Cells cs = cells(grid);
        if (VizHints.isVectorOutput(g2)) {
            paintRectangles(g2, cs, x0, x1, y0, y1);
        } else if (Boolean.TRUE.equals(g2.getRenderingHint(VizHints.UNSMOOTHED_IMAGE_SCALING))) {
            paintCellImage(g2, cs, x0, x1, y0, y1);
        } else {
            paintImage(g2, cs, x0, x1, y0, y1);
        }
        if (labels != null) {
            paintLabels(g2, grid, cs.argb(), x0, x1, y0, y1);
        }
    }

    private Cells cells(GridDataset grid) {
        Object key = java.util.List.of(System.identityHashCode(grid), grid.version(), colorsVersion, grid.rows(), grid.cols());
        if (!key.equals(cellKey)) {
            int rows = grid.rows(), cols = grid.cols();
            int[] argb = new int[rows * cols];
            int[][] split = null;
            boolean[] rowSplit = null;
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    double value = grid.value(r, c);
                    int[] several = splits == null ? null : splits.argb(r, c, value);
                    if (several != null && several.length > 1) {
                        if (split == null) {
                            split = new int[rows * cols][];
                            rowSplit = new boolean[rows];
                        }
                        split[r * cols + c] = several.clone();
                        rowSplit[r] = true;
                        argb[r * cols + c] = several[0];
                    } else {
                        argb[r * cols + c] = colors.argb(r, c, value);
                    }
                }
            }
            cells = new Cells(rows, cols, argb, split, rowSplit);
            cellKey = key;
        }
        return cells;
    }

    private void paintImage(Graphics2D g2, Cells cs, double x0, double x1, double y0, double y1) {
        AffineTransform t = g2.getTransform();
        double sx = Math.hypot(t.getScaleX(), t.getShearY()), sy = Math.hypot(t.getScaleY(), t.getShearX());
        double left = Math.min(x0, x1), top = Math.min(y0, y1);
        double w = Math.abs(x1 - x0), h = Math.abs(y1 - y0);
        int pw = Math.max(1, (int) Math.round(w * sx)), ph = Math.max(1, (int) Math.round(h * sy));
        boolean colsReversed = x1 < x0, rowsReversed = y1 < y0; // rows grow upward on a normal range axis
        Object key = java.util.List.of(cellKey, pw, ph, colsReversed, rowsReversed);
        if (!key.equals(imageKey)) {
            image = buildImage(cs, pw, ph, colsReversed, rowsReversed);
            imageKey = key;
        }
        Object oldInterp = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g2.drawImage(image, new AffineTransform(w / pw, 0, 0, h / ph, left, top), null);
        if (oldInterp != null) {
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, oldInterp);
        }
    }

    /**
     * One pixel per cell, scaled by the target (which must not smooth: see VizHints). With split cells,
     * s x s pixels per cell, s about the cell's size on the device, so the diagonal stays sharp.
     */
    private void paintCellImage(Graphics2D g2, Cells cs, double x0, double x1, double y0, double y1) {
        int rows = cs.rows(), cols = cs.cols();
        boolean colsReversed = x1 < x0, rowsReversed = y1 < y0;
        int s = 1;
        if (cs.split() != null) {
            AffineTransform t = g2.getTransform();
            double cellPx = Math.max(Math.abs(x1 - x0) / cols * Math.hypot(t.getScaleX(), t.getShearY()),
                    Math.abs(y1 - y0) / rows * Math.hypot(t.getScaleY(), t.getShearX()));
            s = (int) Math.max(2, Math.min(MAX_SUBCELLS, Math.ceil(cellPx)));
        }
        Object key = java.util.List.of(cellKey, cols * s, rows * s, colsReversed, rowsReversed);
        if (!key.equals(imageKey)) {
            image = buildImage(cs, cols * s, rows * s, colsReversed, rowsReversed);
            imageKey = key;
        }
        double left = Math.min(x0, x1), top = Math.min(y0, y1);
        g2.drawImage(image, new AffineTransform(Math.abs(x1 - x0) / (cols * s), 0, 0, Math.abs(y1 - y0) / (rows * s),
                left, top), null);
    }

    /** Nearest-neighbour upscale of the cell colours to {@code pw x ph} pixels; split cells in diagonal bands. */
    static BufferedImage buildImage(Cells cs, int pw, int ph, boolean colsReversed, boolean rowsReversed) {
        int rows = cs.rows(), cols = cs.cols();
        int[] argb = cs.argb();
        int[] colOf = new int[pw];   // [pw] cell column under each pixel column
        double[] uOf = new double[pw]; // [pw] where the pixel centre lies in its cell, 0 = left edge on screen
        for (int px = 0; px < pw; px++) {
            double x = (px + 0.5) * cols / pw;
            int c = (int) x;
            colOf[px] = colsReversed ? cols - 1 - c : c;
            uOf[px] = x - c;
        }
        BufferedImage img = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_ARGB);
        int[] pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData(); // [ph * pw]
        int prevRow = -1;
        for (int py = 0; py < ph; py++) {
            double y = (py + 0.5) * rows / ph;
            int r = (int) y;
            int row = rowsReversed ? rows - 1 - r : r;
            boolean split = cs.rowSplit() != null && cs.rowSplit()[row];
            int off = py * pw;
            if (row == prevRow && !split) { // same plain cell row as the previous pixel row: copy it
                System.arraycopy(pixels, off - pw, pixels, off, pw);
                continue;
            }
            int base = row * cols;
            for (int px = 0; px < pw; px++) {
                pixels[off + px] = argb[base + colOf[px]];
            }
            if (split) {
                double v = y - r; // 0 = top edge of the cell on screen
                for (int px = 0; px < pw; px++) {
                    int[] several = cs.split()[base + colOf[px]];
                    if (several != null) {
                        pixels[off + px] = several[DiagonalBands.band(uOf[px], v, several.length)];
                    }
                }
            }
            prevRow = row;
        }
        return img;
    }

    private static void paintRectangles(Graphics2D g2, Cells cs, double x0, double x1, double y0, double y1) {
        int rows = cs.rows(), cols = cs.cols();
        int[] argb = cs.argb();
        double cw = (x1 - x0) / cols, ch = (y1 - y0) / rows; // signed cell size in java2D
        // Abutting anti-aliased rectangles show hairline seams in PDF/SVG viewers: grow each run by a
        // quarter unit towards the cells painted after it (they cover the overlap; the plot clips the rest).
        double growX = Math.signum(cw) * 0.25, growY = Math.signum(ch) * 0.25;
        for (int r = 0; r < rows; r++) {
            double ya = y0 + r * ch, yb = ya + ch + growY;
            int c = 0;
            while (c < cols) {
                double xa = x0 + c * cw;
                if (cs.isSplit(r * cols + c)) { // bands of the exact cell over its grown rectangle
                    DiagonalBands.paint(g2, box(xa, ya, xa + cw, ya + ch), box(xa, ya, xa + cw + growX, yb),
                            cs.split()[r * cols + c]);
                    c++;
                    continue;
                }
                int color = argb[r * cols + c];
                int end = c + 1;
                while (end < cols && argb[r * cols + end] == color && !cs.isSplit(r * cols + end)) {
                    end++;
                }
                g2.setColor(new Color(color, true));
                g2.fill(box(xa, ya, x0 + end * cw + growX, yb));
                c = end;
            }
        }
    }

    /** The rectangle between two corners given in any order. */
    private static Rectangle2D box(double xa, double ya, double xb, double yb) {
        return new Rectangle2D.Double(Math.min(xa, xb), Math.min(ya, yb), Math.abs(xb - xa), Math.abs(yb - ya));
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
