package dev.moescope.app.common;

import java.util.List;
import javafx.scene.Scene;

/** Light and dark themes: one base stylesheet per theme, plus each feature's own stylesheet. */
public enum Theme {
    LIGHT("theme-light.css"),
    DARK("theme-dark.css");

    /** Feature stylesheets, loaded after the theme, in this order. */
    public static final List<String> FEATURE_CSS = List.of(
            "/dev/moescope/app/common/app.css",
            "/dev/moescope/app/sidebar/sidebar.css",
            "/dev/moescope/app/heatmap/heatmap.css",
            "/dev/moescope/app/languages/languages.css",
            "/dev/moescope/app/layers/layers.css",
            "/dev/moescope/app/tokens/tokens.css",
            "/dev/moescope/app/interventions/interventions.css",
            "/dev/moescope/app/steering/steering.css");

    private final String file;

    Theme(String file) {
        this.file = file;
    }

    public Theme other() {
        return this == LIGHT ? DARK : LIGHT;
    }

    /** Replaces the scene's stylesheets with this theme's. */
    public void applyTo(Scene scene) {
        scene.getStylesheets().clear();
        scene.getStylesheets().add(url("/dev/moescope/app/common/" + file));
        for (String css : FEATURE_CSS) {
            String u = url(css);
            if (u != null) {
                scene.getStylesheets().add(u);
            }
        }
        scene.getRoot().getStyleClass().removeAll("theme-light", "theme-dark");
        scene.getRoot().getStyleClass().add(this == LIGHT ? "theme-light" : "theme-dark");
    }

    private static String url(String resource) {
        var u = Theme.class.getResource(resource);
        return u == null ? null : u.toExternalForm();
    }
}
