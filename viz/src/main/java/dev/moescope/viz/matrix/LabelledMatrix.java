package dev.moescope.viz.matrix;

import java.util.List;
import java.util.Objects;

/**
 * A matrix with row and column labels, e.g. language x language similarity or masked-language x
 * evaluated-language bits-per-byte change. NaN = no value.
 *
 * @param title       figure title
 * @param valueName   what a value is (hover text, colour-bar label)
 * @param rowLabels   one per row (drawn top to bottom)
 * @param columnLabels one per column (left to right)
 * @param values      [rows][columns]
 * @param rowTitle    what a row is (the y-axis title and hover, e.g. "masked language"); "" for none
 * @param columnTitle what a column is (the x-axis title and hover, e.g. "evaluated language"); "" for none
 * @param unit        unit of the values in the hover (e.g. "bits/byte"); "" for none
 */
public record LabelledMatrix(String title, String valueName, List<String> rowLabels, List<String> columnLabels,
                             double[][] values, String rowTitle, String columnTitle, String unit) {
    /** A matrix without axis titles or unit. */
    public LabelledMatrix(String title, String valueName, List<String> rowLabels, List<String> columnLabels,
                          double[][] values) {
        this(title, valueName, rowLabels, columnLabels, values, "", "", "");
    }

    public LabelledMatrix {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(valueName, "valueName");
        Objects.requireNonNull(rowTitle, "rowTitle");
        Objects.requireNonNull(columnTitle, "columnTitle");
        Objects.requireNonNull(unit, "unit");
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        if (values == null || values.length != rowLabels.size()) {
            throw new IllegalArgumentException(title + ": " + rowLabels.size() + " row labels but "
                    + (values == null ? 0 : values.length) + " rows of values");
        }
        if (rowLabels.isEmpty() || columnLabels.isEmpty()) {
            throw new IllegalArgumentException(title + ": matrix is empty");
        }
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != columnLabels.size()) {
                throw new IllegalArgumentException(title + ": row " + r + " (" + rowLabels.get(r) + ") has "
                        + values[r].length + " values but there are " + columnLabels.size() + " column labels");
            }
        }
    }

    public int rows() { return rowLabels.size(); }

    /**
     * What the hover says about cell (row, column): "masked language: ko\nevaluated language: ja\nchange = +0.0123
     * bits/byte" (without axis titles: "ko × ja\n...").
     */
    public String describe(int row, int column) {
        double v = values[row][column];
        String where = rowTitle.isEmpty() && columnTitle.isEmpty()
                ? rowLabels.get(row) + " × " + columnLabels.get(column)
                : (rowTitle.isEmpty() ? "row" : rowTitle) + ": " + rowLabels.get(row) + "\n"
                        + (columnTitle.isEmpty() ? "column" : columnTitle) + ": " + columnLabels.get(column);
        String value = Double.isNaN(v) ? "no data"
                : String.format(java.util.Locale.ROOT, "%.4f", v) + (unit.isEmpty() ? "" : " " + unit);
        return where + "\n" + valueName + " = " + value;
    }
    public int columns() { return columnLabels.size(); }

    /** Smallest and largest finite value as {min, max} ({0, 0} if none). */
    public double[] finiteRange() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return lo > hi ? new double[] {0, 0} : new double[] {lo, hi};
    }
}
