package dev.moescope.viz.heatmap;

/** Extra hover text for a (layer, expert) cell supplied by the caller (e.g. top tokens); null for none. */
@FunctionalInterface
public interface CellTextFunction {
    String text(int layer, int expert, double value);
}
