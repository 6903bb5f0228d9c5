package dev.moescope.app.common;

import javafx.scene.control.Control;
import javafx.scene.control.Tooltip;
import javafx.util.Duration;

/** Small helpers so every control gets a tooltip with one line of code. */
public final class Controls {
    private Controls() {}

    public static <C extends Control> C tip(C control, String text) {
        Tooltip t = new Tooltip(text);
        t.setShowDelay(Duration.millis(400));
        t.setWrapText(true);
        t.setMaxWidth(360);
        control.setTooltip(t);
        return control;
    }
}
