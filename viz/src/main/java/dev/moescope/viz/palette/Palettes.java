package dev.moescope.viz.palette;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Colour-blind-safe palettes. Sequential: viridis, cividis (10 published stops each, interpolated by
 * {@link ColorScale}). Diverging: ColorBrewer RdBu (reversed: blue = negative, red = positive) and PuOr.
 * Categorical: Okabe-Ito (without black), continued by the maximally-distinct {@link ExpertPalette}
 * colours (which start with Okabe-Ito).
 */
public final class Palettes {
    private Palettes() {}

    public static final List<Color> VIRIDIS = hex("440154", "482878", "3E4A89", "31688E", "26828E",
            "1F9E89", "35B779", "6DCD59", "B4DE2C", "FDE725");
    public static final List<Color> CIVIDIS = hex("00204D", "00336F", "39486B", "575C6D", "707173",
            "8A8779", "A69D75", "C4B56C", "E4CF5B", "FFEA46");
    /** Blue (negative) - white - red (positive): ColorBrewer RdBu reversed. */
    public static final List<Color> BLUE_WHITE_RED = hex("053061", "2166AC", "4393C3", "92C5DE", "D1E5F0",
            "F7F7F7", "FDDBC7", "F4A582", "D6604D", "B2182B", "67001F");
    /** Purple (negative) - white - orange (positive): ColorBrewer PuOr reversed. */
    public static final List<Color> PURPLE_ORANGE = hex("2D004B", "542788", "8073AC", "B2ABD2", "D8DAEB",
            "F7F7F7", "FEE0B6", "FDB863", "E08214", "B35806", "7F3B08");
    /** Okabe & Ito (2008) without black: blue, orange, bluish green, vermillion, reddish purple, sky blue, yellow. */
    public static final List<Color> OKABE_ITO = hex("0072B2", "E69F00", "009E73", "D55E00", "CC79A7",
            "56B4E9", "F0E442");
    /** Neutral grey for "shared" cells in categorical maps. */
    public static final Color SHARED_GREY = new Color(0x9A9A9A);

    /** Categorical colour for category {@code index} (0-based), stable for a given index. */
    public static Color categorical(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("category index must be >= 0, got " + index);
        }
        return ExpertPalette.color(index);
    }

    /** The first {@code n} categorical colours. */
    public static List<Color> firstCategorical(int n) {
        List<Color> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(categorical(i));
        }
        return out;
    }

    public static String toHex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    public static javafx.scene.paint.Color toFx(Color c) {
        return javafx.scene.paint.Color.rgb(c.getRed(), c.getGreen(), c.getBlue(), c.getAlpha() / 255.0);
    }

    private static List<Color> hex(String... codes) {
        List<Color> out = new ArrayList<>(codes.length);
        for (String h : codes) {
            out.add(new Color(Integer.parseInt(h, 16)));
        }
        return List.copyOf(out);
    }
}
