package dev.moescope.viz.grid;

/** Colour of one grid cell as ARGB; row/col let categorical maps look up their own data. */
@FunctionalInterface
public interface CellColors {
    int argb(int row, int col, double value);
}
