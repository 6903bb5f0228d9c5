package dev.moescope.viz.grid;

/** Text printed inside a grid cell when it fits; null for none. */
@FunctionalInterface
public interface CellLabels {
    String label(int row, int col, double value);
}
