package dev.moescope.viz.style;

import java.awt.Color;
import java.awt.Font;
import java.util.Objects;

/**
 * On-screen theme of the viz components: chart colours ({@link #style()}) and the JavaFX stylesheet
 * for chips, overlays and legends ({@link #stylesheet()}). Components expose a {@code themeProperty()}
 * that the app binds to its light/dark setting.
 */
public enum ChartTheme {
    LIGHT(new ChartStyle(Color.WHITE, new Color(0x222222), new Color(0xE3E3E3), Color.WHITE, new Color(0x9A9A9A),
            new Font(Font.SANS_SERIF, Font.BOLD, 14), new Font(Font.SANS_SERIF, Font.PLAIN, 12),
            new Font(Font.SANS_SERIF, Font.PLAIN, 11), 1f, 2f), "viz.css"),
    DARK(new ChartStyle(new Color(0x1E1F22), new Color(0xDDDDDD), new Color(0x3A3C40), new Color(0x2B2D31),
            new Color(0x8A8A8A), new Font(Font.SANS_SERIF, Font.BOLD, 14), new Font(Font.SANS_SERIF, Font.PLAIN, 12),
            new Font(Font.SANS_SERIF, Font.PLAIN, 11), 1f, 2f), "viz-dark.css");

    private final ChartStyle style;
    private final String stylesheetName;

    ChartTheme(ChartStyle style, String stylesheetName) {
        this.style = style;
        this.stylesheetName = stylesheetName;
    }

    public ChartStyle style() {
        return style;
    }

    /**
     * External form of this theme's stylesheet URL (add to a Scene or Parent). It holds only the theme's
     * colours and imports viz-base.css, the layout and type both themes share.
     */
    public String stylesheet() {
        return Objects.requireNonNull(ChartTheme.class.getResource("/dev/moescope/viz/" + stylesheetName),
                stylesheetName + " missing from the viz jar").toExternalForm();
    }
}
