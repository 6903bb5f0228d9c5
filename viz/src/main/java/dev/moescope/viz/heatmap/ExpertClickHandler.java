package dev.moescope.viz.heatmap;

/** Called when a (layer, expert) cell is clicked, e.g. to open an expert card. */
@FunctionalInterface
public interface ExpertClickHandler {
    void clicked(int layer, int expert);
}
