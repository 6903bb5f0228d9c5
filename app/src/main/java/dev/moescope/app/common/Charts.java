package dev.moescope.app.common;

import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.Button;
import javafx.scene.layout.HBox;
import dev.moescope.viz.ChartPane;
import dev.moescope.viz.export.ChartExportMenu;
import dev.moescope.viz.style.ChartTheme;

/** Wiring every chart gets: the app theme, and export (PNG 2x, SVG, PDF, clipboard) with tooltips. */
public final class Charts {
    private Charts() {}

    /** Follows the app theme; returns the chart's export button bar (also on its context menu). */
    public static HBox wire(ChartPane chart, ObjectProperty<Theme> theme, Consumer<Throwable> onError) {
        chart.setTheme(theme.get() == Theme.DARK ? ChartTheme.DARK : ChartTheme.LIGHT);
        theme.addListener((o, a, t) -> chart.setTheme(t == Theme.DARK ? ChartTheme.DARK : ChartTheme.LIGHT));
        return exportBar(chart, chart, onError);
    }

    /** Export buttons (with tooltips) and a context menu on {@code node} for any figure source. */
    public static HBox exportBar(javafx.scene.Node node, dev.moescope.viz.export.FigureSource source, Consumer<Throwable> onError) {
        ChartExportMenu menu = ChartExportMenu.attach(node, source);
        menu.setOnError(onError::accept);
        HBox bar = menu.buttonBar();
        for (var n : bar.getChildren()) {
            if (n instanceof Button b) {
                Controls.tip(b, switch (b.getText()) {
                    case "PNG" -> "Export as PNG at 2x resolution, publication style";
                    case "SVG" -> "Export as SVG (vector), publication style";
                    case "PDF" -> "Export as PDF (vector), publication style";
                    default -> "Copy the figure to the clipboard as an image";
                });
            }
        }
        return bar;
    }
}
