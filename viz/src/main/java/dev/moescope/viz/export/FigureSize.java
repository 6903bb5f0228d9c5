package dev.moescope.viz.export;

/** Logical figure size in points (1/72 in); PNGs are rendered at 2x this in pixels. */
public record FigureSize(double width, double height) {
    public FigureSize {
        if (!(width > 0 && height > 0)) {
            throw new IllegalArgumentException("figure size must be positive, got " + width + " x " + height);
        }
    }
}
