package dev.moescope.viz.grid;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * How a cell of n colours is painted: n bands of equal area across the cell, parallel to its
 * bottom-left to top-right diagonal. Band 0 is the top-left corner, band n - 1 the bottom-right corner;
 * two colours are the two triangles either side of that diagonal. Diagonal, not vertical or horizontal
 * stripes, so a split cell never looks like narrower one-colour neighbours.
 *
 * <p>Inside a cell, u runs from its left edge (0) to its right edge (1) and v from its top (0) to its
 * bottom (1), both as seen on screen; a point's band depends only on t = u + v in [0, 2].
 */
final class DiagonalBands {
    private DiagonalBands() {}

    /** Band (0 .. n-1) of the point (u, v) of a cell split into n bands. */
    static int band(double u, double v, int n) {
        return Math.min(n - 1, (int) (n * areaBelow(u + v)));
    }

    /** Area of the part {u + v < t} of the unit cell: t^2/2 up to the diagonal, 1 - (2 - t)^2/2 beyond. */
    static double areaBelow(double t) {
        if (t <= 0) {
            return 0;
        }
        if (t >= 2) {
            return 1;
        }
        return t <= 1 ? t * t / 2 : 1 - (2 - t) * (2 - t) / 2;
    }

    /** The t of the n - 1 borders between bands, increasing: band i covers borders[i-1] <= t < borders[i]. */
    static double[] borders(int n) {
        double[] out = new double[n - 1]; // [n - 1]
        for (int i = 1; i < n; i++) {
            double p = i / (double) n; // area before border i; invert areaBelow
            out[i - 1] = p <= 0.5 ? Math.sqrt(2 * p) : 2 - Math.sqrt(2 * (1 - p));
        }
        return out;
    }

    /** The part {u + v < t} of {@code cell} (java2D, y down) as a polygon. */
    static Shape corner(Rectangle2D cell, double t) {
        double x = cell.getX(), y = cell.getY(), w = cell.getWidth(), h = cell.getHeight();
        Path2D.Double p = new Path2D.Double();
        p.moveTo(x, y);
        if (t <= 1) {
            p.lineTo(x + t * w, y);
            p.lineTo(x, y + t * h);
        } else {
            p.lineTo(x + w, y);
            p.lineTo(x + w, y + (t - 1) * h);
            p.lineTo(x + (t - 1) * w, y + h);
            p.lineTo(x, y + h);
        }
        p.closePath();
        return p;
    }

    /**
     * Paints a split cell as vector shapes: {@code base} (the cell, possibly grown to hide seams) in
     * the last colour, then each larger-to-smaller corner of {@code cell} in the colour before, so
     * neighbouring bands overlap instead of leaving hairline gaps.
     */
    static void paint(Graphics2D g2, Rectangle2D cell, Rectangle2D base, int[] argb) {
        g2.setColor(new Color(argb[argb.length - 1], true));
        g2.fill(base);
        double[] b = borders(argb.length);
        for (int i = b.length - 1; i >= 0; i--) {
            g2.setColor(new Color(argb[i], true));
            g2.fill(corner(cell, b[i]));
        }
    }
}
