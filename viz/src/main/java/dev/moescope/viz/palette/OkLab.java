package dev.moescope.viz.palette;

import java.awt.Color;

/**
 * sRGB to OKLab conversion (Björn Ottosson's perceptual colour space) and a perceptual distance.
 * OKLab distance ~0.02 is a just-noticeable difference; categorical colours should be >= ~0.1 apart.
 */
public final class OkLab {
    private OkLab() {}

    /** @return {L, a, b} of an sRGB colour (alpha ignored). */
    public static double[] fromColor(Color c) {
        double r = linear(c.getRed() / 255.0), g = linear(c.getGreen() / 255.0), b = linear(c.getBlue() / 255.0);
        // linear sRGB -> LMS cone response, cube root, -> Lab (matrices from Ottosson 2020)
        double l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
        double m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
        double s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
        return new double[] {
            0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s,
            1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s,
            0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s};
    }

    /** Euclidean distance in OKLab. */
    public static double distance(Color x, Color y) {
        double[] p = fromColor(x), q = fromColor(y);
        double dl = p[0] - q[0], da = p[1] - q[1], db = p[2] - q[2];
        return Math.sqrt(dl * dl + da * da + db * db);
    }

    /** WCAG relative luminance in 0..1. */
    public static double relativeLuminance(Color c) {
        return 0.2126 * linear(c.getRed() / 255.0) + 0.7152 * linear(c.getGreen() / 255.0)
                + 0.0722 * linear(c.getBlue() / 255.0);
    }

    /** Black or white, whichever reads better on {@code background}. */
    public static Color textColorOn(Color background) {
        return relativeLuminance(background) > 0.36 ? Color.BLACK : Color.WHITE;
    }

    private static double linear(double v) {
        return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
