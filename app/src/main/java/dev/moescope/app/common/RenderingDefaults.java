package dev.moescope.app.common;

/**
 * JavaFX rendering settings applied before the toolkit starts (they are read once, at startup). A value
 * the user set on the command line ({@code -Dprism...}) wins.
 */
public final class RenderingDefaults {
    private RenderingDefaults() {}

    public static void apply() {
        // Region backgrounds are otherwise cached as textures and drawn as 9-slice images. On the
        // software pipeline (no usable GPU, the common case on a workstation without drivers and under
        // Xvfb) that doubles the cost of every frame: a heatmap update painted in 13 ms instead of 6 ms
        // (pulse logger, 814 x 772 chart). On a GPU pipeline plain fills are cheap either way.
        setIfAbsent("prism.disableRegionCaching", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
