package dev.moescope.routing.analysis;

import java.util.List;

/**
 * A table of numbers with row and column labels: the shape in which analyses hand matrices to
 * CSV/JSON export and to heat-map views. Cells may be NaN where a result is undefined.
 *
 * @param rowLabels    one label per row
 * @param columnLabels one label per column
 * @param values       [row][column]
 */
public record LabeledMatrix(List<String> rowLabels, List<String> columnLabels, double[][] values) {

    public LabeledMatrix {
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
        if (values.length != rowLabels.size()) {
            throw new IllegalArgumentException("matrix has " + values.length + " rows but " + rowLabels.size() + " row labels");
        }
        double[][] copy = new double[values.length][];
        for (int r = 0; r < values.length; r++) {
            if (values[r].length != columnLabels.size()) {
                throw new IllegalArgumentException("matrix row " + r + " (" + rowLabels.get(r) + ") has " + values[r].length
                        + " cells but there are " + columnLabels.size() + " column labels");
            }
            copy[r] = values[r].clone();
        }
        values = copy;
    }

    public double get(int row, int column) {
        return values[row][column];
    }

    /** Value by labels. */
    public double get(String rowLabel, String columnLabel) {
        int r = rowLabels.indexOf(rowLabel);
        int c = columnLabels.indexOf(columnLabel);
        if (r < 0 || c < 0) {
            throw new IllegalArgumentException("no cell (" + rowLabel + ", " + columnLabel + "); rows " + rowLabels + ", columns " + columnLabels);
        }
        return values[r][c];
    }

    /**
     * CSV (RFC 4180): a header row whose first cell is {@code cornerLabel}, then one row per row
     * label. Numbers use {@link Double#toString}; NaN is written as an empty cell.
     */
    public String toCsv(String cornerLabel) {
        StringBuilder out = new StringBuilder(csvField(cornerLabel));
        for (String column : columnLabels) {
            out.append(',').append(csvField(column));
        }
        out.append('\n');
        for (int r = 0; r < values.length; r++) {
            out.append(csvField(rowLabels.get(r)));
            for (double v : values[r]) {
                out.append(',');
                if (!Double.isNaN(v)) {
                    out.append(v);
                }
            }
            out.append('\n');
        }
        return out.toString();
    }

    static String csvField(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
