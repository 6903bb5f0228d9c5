package dev.moescope.viz.heatmap;

import java.util.List;
import java.util.Objects;

/**
 * A categorical layer x expert map: each cell is exclusive to one category (e.g. the only language
 * that uses the expert), {@link #SHARED} or {@link #UNUSED}.
 *
 * @param title      figure title
 * @param categories names of the categories; cell value i (>= 0) means categories.get(i). Keep the same
 *                   order across figures so a language keeps its colour.
 * @param cells      [layers][experts] category index, SHARED or UNUSED
 */
public record ExpertCategories(String title, List<String> categories, int[][] cells) {
    public static final int SHARED = -1;
    public static final int UNUSED = -2;

    public ExpertCategories {
        Objects.requireNonNull(title, "title");
        categories = List.copyOf(categories);
        if (cells == null || cells.length == 0 || cells[0].length == 0) {
            throw new IllegalArgumentException(title + ": layer x expert categories are empty");
        }
        for (int l = 0; l < cells.length; l++) {
            if (cells[l].length != cells[0].length) {
                throw new IllegalArgumentException(title + ": layer " + l + " has " + cells[l].length
                        + " experts, layer 0 has " + cells[0].length);
            }
            for (int e = 0; e < cells[l].length; e++) {
                int v = cells[l][e];
                if (v < UNUSED || v >= categories.size()) {
                    throw new IllegalArgumentException(title + ": cell (layer " + l + ", expert " + e + ") = " + v
                            + ", expected " + UNUSED + " (unused), " + SHARED + " (shared) or a category index < "
                            + categories.size());
                }
            }
        }
    }

    public int layers() { return cells.length; }
    public int experts() { return cells[0].length; }

    /** The cells as doubles, for the grid dataset. */
    double[][] asValues() {
        double[][] out = new double[cells.length][cells[0].length]; // [layers][experts]
        for (int l = 0; l < cells.length; l++) {
            for (int e = 0; e < cells[l].length; e++) {
                out[l][e] = cells[l][e];
            }
        }
        return out;
    }
}
