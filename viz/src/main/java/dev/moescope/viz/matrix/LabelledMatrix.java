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
 */
public record LabelledMatrix(String title, String valueName, List<String> rowLabels, List<String> columnLabels,
                             double[][] values) {
    public LabelledMatrix {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(valueName, "valueName");
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
