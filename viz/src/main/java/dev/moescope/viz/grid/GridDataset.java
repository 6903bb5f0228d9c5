package dev.moescope.viz.grid;

import org.jfree.data.xy.AbstractXYZDataset;

/**
 * An XYZ dataset backed by a {@code double[rows][cols]} grid: item {@code i} is cell
 * (row = i / cols, col = i % cols) with x = col, y = row, z = value. {@link #setValues} swaps the whole
 * grid and fires ONE change event (JFreeChart redraws the chart once per event).
 */
public final class GridDataset extends AbstractXYZDataset {
    private double[][] values; // [rows][cols]
    private int rows;
    private int cols;
    private long version;      // bumped on every change; renderers key their caches on it

    public GridDataset(double[][] values) {
        this.values = checkRectangular(values);
        this.rows = values.length;
        this.cols = rows == 0 ? 0 : values[0].length;
    }

    /** Replaces all values (the array is kept, not copied) and notifies listeners once. */
    public void setValues(double[][] newValues) {
        this.values = checkRectangular(newValues);
        this.rows = newValues.length;
        this.cols = rows == 0 ? 0 : newValues[0].length;
        version++;
        fireDatasetChanged();
    }

    public int rows() { return rows; }
    public int cols() { return cols; }
    public long version() { return version; }

    public double value(int row, int col) {
        return values[row][col];
    }

    @Override public int getSeriesCount() { return 1; }
    @Override public Comparable<String> getSeriesKey(int series) { return "grid"; }
    @Override public int getItemCount(int series) { return rows * cols; }
    @Override public Number getX(int series, int item) { return item % cols; }
    @Override public double getXValue(int series, int item) { return item % cols; }
    @Override public Number getY(int series, int item) { return item / cols; }
    @Override public double getYValue(int series, int item) { return item / cols; }
    @Override public Number getZ(int series, int item) { return values[item / cols][item % cols]; }
    @Override public double getZValue(int series, int item) { return values[item / cols][item % cols]; }

    private static double[][] checkRectangular(double[][] v) {
        if (v == null) {
            throw new IllegalArgumentException("grid values are null");
        }
        for (int r = 0; r < v.length; r++) {
            if (v[r] == null || v[r].length != v[0].length) {
                throw new IllegalArgumentException("grid row " + r + " has " + (v[r] == null ? "no" : v[r].length)
                        + " columns, row 0 has " + v[0].length);
            }
        }
        return v;
    }
}
