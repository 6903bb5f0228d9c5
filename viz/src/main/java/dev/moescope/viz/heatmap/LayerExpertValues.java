package dev.moescope.viz.heatmap;

import java.util.Objects;

/**
 * A value per (MoE layer, expert): {@code values[layer][expert]}, e.g. the activation frequency of one
 * language or the difference of two languages. NaN = no data (drawn as an empty cell).
 *
 * @param title     figure title, e.g. "Expert activation frequency: de"
 * @param valueName what a value is, for hover text and the colour-bar label, e.g. "frequency"
 * @param values    [layers][experts], rectangular
 */
public record LayerExpertValues(String title, String valueName, double[][] values) {
    public LayerExpertValues {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(valueName, "valueName");
        if (values == null || values.length == 0 || values[0].length == 0) {
            throw new IllegalArgumentException(title + ": layer x expert values are empty");
        }
        for (int l = 0; l < values.length; l++) {
            if (values[l].length != values[0].length) {
                throw new IllegalArgumentException(title + ": layer " + l + " has " + values[l].length
                        + " experts, layer 0 has " + values[0].length);
            }
        }
    }

    public int layers() { return values.length; }
    public int experts() { return values[0].length; }

    /** Largest finite |value| (0 when all are NaN). */
    public double maxAbs() {
        double m = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    m = Math.max(m, Math.abs(v));
                }
            }
        }
        return m;
    }
}
