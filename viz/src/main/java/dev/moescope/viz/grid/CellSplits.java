package dev.moescope.viz.grid;

/**
 * Cells that belong to several categories at once (e.g. an expert exclusive to two languages): the
 * colours of the cell as ARGB, painted as {@link DiagonalBands} (first colour in the top-left corner),
 * or null for a plain one-colour cell. Return at least two colours for a split cell.
 */
@FunctionalInterface
public interface CellSplits {
    int[] argb(int row, int col, double value);
}
