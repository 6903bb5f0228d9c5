package dev.moescope.viz.export;

import java.awt.RenderingHints;

/** Rendering hints understood by this module's renderers. */
public final class VizHints {
    private VizHints() {}

    /**
     * Set to {@code Boolean.TRUE} on vector outputs (SVG, PDF): grid renderers then paint cells as
     * rectangles instead of one raster image.
     */
    public static final RenderingHints.Key VECTOR_OUTPUT = new RenderingHints.Key(0x6d6f6501) {
        @Override
        public boolean isCompatibleValue(Object val) {
            return val instanceof Boolean;
        }
    };

    /**
     * Set to {@code Boolean.TRUE} (as a chart rendering hint) when the target scales images with
     * nearest-neighbour (a JavaFX canvas with image smoothing off, see {@code ChartPane}): grid
     * renderers then draw a tiny cell-resolution image and let the canvas scale it.
     */
    public static final RenderingHints.Key UNSMOOTHED_IMAGE_SCALING = new RenderingHints.Key(0x6d6f6502) {
        @Override
        public boolean isCompatibleValue(Object val) {
            return val instanceof Boolean;
        }
    };

    public static boolean isVectorOutput(java.awt.Graphics2D g2) {
        return Boolean.TRUE.equals(g2.getRenderingHint(VECTOR_OUTPUT));
    }
}
