package dev.moescope.viz.palette;

import java.awt.Color;
import java.util.List;

/**
 * Maps a value range onto a colour ramp through a 256-entry lookup table. Sequential scales run
 * {@code lower..upper}; a diverging scale is symmetric around 0 ({@code -absMax..absMax}, 0 = centre
 * colour). Values outside the range are clamped; NaN maps to {@link #nanArgb()}.
 */
public final class ColorScale {
    private static final int LUT_SIZE = 256;

    private final double lower;
    private final double upper;
    private final int[] lut; // [256] ARGB
    private final int nanArgb;
    private final boolean diverging;

    private ColorScale(double lower, double upper, int[] lut, int nanArgb, boolean diverging) {
        if (!(upper > lower)) {
            throw new IllegalArgumentException("colour scale needs lower < upper, got " + lower + ".." + upper);
        }
        this.lower = lower;
        this.upper = upper;
        this.lut = lut;
        this.nanArgb = nanArgb;
        this.diverging = diverging;
    }

    /** Sequential scale over {@code lower..upper} along {@code ramp} (e.g. {@link Palettes#VIRIDIS}). */
    public static ColorScale sequential(List<Color> ramp, double lower, double upper) {
        double hi = upper > lower ? upper : lower + 1;
        return new ColorScale(lower, hi, lut(ramp), 0xFFFFFFFF, false);
    }

    /** Diverging scale over {@code -absMax..absMax}; {@code ramp}'s middle colour sits at 0. */
    public static ColorScale diverging(List<Color> ramp, double absMax) {
        double m = absMax > 0 && Double.isFinite(absMax) ? absMax : 1;
        return new ColorScale(-m, m, lut(ramp), 0xFFFFFFFF, true);
    }

    public double lower() { return lower; }
    public double upper() { return upper; }
    public boolean isDiverging() { return diverging; }
    public int nanArgb() { return nanArgb; }

    /** ARGB colour for {@code value}. */
    public int argb(double value) {
        if (Double.isNaN(value)) {
            return nanArgb;
        }
        double t = (value - lower) / (upper - lower);
        int i = (int) Math.round(t * (LUT_SIZE - 1));
        return lut[Math.max(0, Math.min(LUT_SIZE - 1, i))];
    }

    public Color color(double value) {
        return new Color(argb(value), true);
    }

    /** Linear interpolation of the ramp's stops (in sRGB) into a fixed lookup table. */
    private static int[] lut(List<Color> ramp) {
        if (ramp.size() < 2) {
            throw new IllegalArgumentException("a colour ramp needs at least 2 stops, got " + ramp.size());
        }
        int[] table = new int[LUT_SIZE];
        for (int i = 0; i < LUT_SIZE; i++) {
            double pos = i / (double) (LUT_SIZE - 1) * (ramp.size() - 1);
            int k = Math.min((int) pos, ramp.size() - 2);
            double f = pos - k;
            Color a = ramp.get(k), b = ramp.get(k + 1);
            int r = (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed()));
            int g = (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen()));
            int bl = (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue()));
            table[i] = 0xFF000000 | (r << 16) | (g << 8) | bl;
        }
        return table;
    }
}
