package dev.moescope.viz.curves;

import java.util.List;
import java.util.Objects;

/**
 * Curves across depth: one value per MoE layer per series (e.g. per language).
 *
 * @param title  figure title, e.g. "Language-exclusive experts per layer"
 * @param yLabel y axis label, e.g. "exclusive experts", "routing entropy (bits)", "JSD to English"
 * @param series curves in legend order
 * @param counts whether the values are counts (e.g. of experts): the y axis then has integer ticks from 0
 */
public record LayerCurves(String title, String yLabel, List<LayerCurves.Series> series, boolean counts) {

    /** Curves of measurements (not counts). */
    public LayerCurves(String title, String yLabel, List<LayerCurves.Series> series) {
        this(title, yLabel, series, false);
    }

    /** @param values [layers], index = MoE layer; NaN leaves a gap */
    public record Series(String name, double[] values) {
        public Series {
            Objects.requireNonNull(name, "series name");
            Objects.requireNonNull(values, "values of series " + name);
        }
    }

    public LayerCurves {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(yLabel, "yLabel");
        series = List.copyOf(series);
        if (series.isEmpty()) {
            throw new IllegalArgumentException(title + ": no series");
        }
    }

    public int layers() {
        return series.stream().mapToInt(s -> s.values().length).max().orElse(0);
    }
}
