package dev.moescope.viz.style;

import java.awt.Color;
import java.awt.Font;

/**
 * Style and sizes for exported figures. Units are PostScript points (1/72 in): a one-column figure in
 * a two-column paper is ~3.3 in = 237.6 pt wide, a full-width figure ~7 in = 504 pt. Fonts are 8-9 pt
 * at 1x, axis lines 0.5 pt, white background; palettes come from {@code Palettes} (colour-blind safe).
 */
public final class PublicationStyle {
    private PublicationStyle() {}

    public static final double ONE_COLUMN_WIDTH = 237.6;
    public static final double TWO_COLUMN_WIDTH = 504.0;

    public static final ChartStyle STYLE = new ChartStyle(Color.WHITE, Color.BLACK, new Color(0xE6E6E6),
            Color.WHITE, new Color(0x9A9A9A), new Font(Font.SANS_SERIF, Font.BOLD, 9),
            new Font(Font.SANS_SERIF, Font.PLAIN, 8), new Font(Font.SANS_SERIF, Font.PLAIN, 7), 0.5f, 1f);
}
