package dev.moescope.viz.heatmap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A categorical layer x expert map: each cell is exclusive to one or more categories (e.g. the
 * languages whose share of the expert is above a threshold; below 0.5 an expert can be exclusive to
 * several), {@link #SHARED} or {@link #UNUSED}.
 *
 * @param title      figure title
 * @param categories names of the categories; index i means categories.get(i). Keep the same order across
 *                   figures so a language keeps its colour.
 * @param cells      [layers][experts][] the category indices the cell is exclusive to (at least one,
 *                   strictly increasing), or the single value {@code SHARED} or {@code UNUSED}
 */
public record ExpertCategories(String title, List<String> categories, int[][][] cells) {
    public static final int SHARED = -1;
    public static final int UNUSED = -2;
    /** The {@link #asValues()} code of a cell exclusive to two or more categories. */
    public static final int SEVERAL = -3;

    public ExpertCategories {
        Objects.requireNonNull(title, "title");
        categories = List.copyOf(categories);
        if (cells == null || cells.length == 0 || cells[0] == null || cells[0].length == 0) {
            throw new IllegalArgumentException(title + ": layer x expert categories are empty");
        }
        for (int l = 0; l < cells.length; l++) {
            if (cells[l] == null || cells[l].length != cells[0].length) {
                throw new IllegalArgumentException(title + ": layer " + l + " has "
                        + (cells[l] == null ? "no" : cells[l].length) + " experts, layer 0 has " + cells[0].length);
            }
            for (int e = 0; e < cells[l].length; e++) {
                check(title, categories.size(), l, e, cells[l][e]);
            }
        }
    }

    /** A map where every cell has one value: a category index, {@code SHARED} or {@code UNUSED}. */
    public ExpertCategories(String title, List<String> categories, int[][] singleCells) {
        this(title, categories, wrap(singleCells));
    }

    private static void check(String title, int categories, int l, int e, int[] cell) {
        String where = title + ": cell (layer " + l + ", expert " + e + ")";
        if (cell == null || cell.length == 0) {
            throw new IllegalArgumentException(where + " is empty, expected " + UNUSED + " (unused), " + SHARED
                    + " (shared) or category indices");
        }
        if (cell.length == 1 && (cell[0] == SHARED || cell[0] == UNUSED)) {
            return;
        }
        for (int i = 0; i < cell.length; i++) {
            int v = cell[i];
            if (v < 0 || v >= categories) {
                throw new IllegalArgumentException(where + " = " + java.util.Arrays.toString(cell) + ": " + v
                        + (cell.length == 1 ? ", expected " + UNUSED + " (unused), " + SHARED + " (shared) or" : " is not")
                        + " a category index < " + categories);
            }
            if (i > 0 && v <= cell[i - 1]) {
                throw new IllegalArgumentException(where + " = " + java.util.Arrays.toString(cell)
                        + ": category indices must be strictly increasing");
            }
        }
    }

    private static int[][][] wrap(int[][] single) {
        if (single == null) {
            return null;
        }
        int[][][] out = new int[single.length][][]; // [layers][experts][1]
        for (int l = 0; l < single.length; l++) {
            if (single[l] != null) {
                out[l] = new int[single[l].length][];
                for (int e = 0; e < single[l].length; e++) {
                    out[l][e] = new int[] {single[l][e]};
                }
            }
        }
        return out;
    }

    public int layers() { return cells.length; }
    public int experts() { return cells[0].length; }

    public boolean isShared(int layer, int expert) {
        return cells[layer][expert][0] == SHARED;
    }

    public boolean isUnused(int layer, int expert) {
        return cells[layer][expert][0] == UNUSED;
    }

    /** Indices of the categories the cell is exclusive to, increasing (empty when shared or unused). */
    public int[] exclusiveTo(int layer, int expert) {
        int[] cell = cells[layer][expert];
        return cell[0] < 0 ? new int[0] : cell.clone();
    }

    /** Names of the categories the cell is exclusive to (empty when shared or unused). */
    public List<String> exclusiveNames(int layer, int expert) {
        List<String> out = new ArrayList<>();
        for (int i : exclusiveTo(layer, expert)) {
            out.add(categories.get(i));
        }
        return out;
    }

    /** Cells exclusive to at least {@code n} categories (n >= 1). */
    public long exclusiveCells(int n) {
        return count(cell -> cell[0] >= 0 && cell.length >= n);
    }

    public long sharedCells() {
        return count(cell -> cell[0] == SHARED);
    }

    /** What the cell is, for hover text: "exclusive: de", "exclusive to 2: de, fr", "shared" or "unused". */
    public String describe(int layer, int expert) {
        if (isShared(layer, expert)) {
            return "shared";
        }
        if (isUnused(layer, expert)) {
            return "unused";
        }
        List<String> names = exclusiveNames(layer, expert);
        return names.size() == 1 ? "exclusive: " + names.get(0)
                : "exclusive to " + names.size() + ": " + String.join(", ", names);
    }

    private long count(java.util.function.Predicate<int[]> p) {
        long n = 0;
        for (int[][] layer : cells) {
            for (int[] cell : layer) {
                n += p.test(cell) ? 1 : 0;
            }
        }
        return n;
    }

    /** One value per cell for the grid dataset: the category index, SHARED, UNUSED or SEVERAL. */
    double[][] asValues() {
        double[][] out = new double[cells.length][cells[0].length]; // [layers][experts]
        for (int l = 0; l < cells.length; l++) {
            for (int e = 0; e < cells[l].length; e++) {
                out[l][e] = cells[l][e].length > 1 ? SEVERAL : cells[l][e][0];
            }
        }
        return out;
    }
}
