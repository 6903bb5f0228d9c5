package dev.moescope.routing.analysis;

import java.util.HashSet;
import java.util.List;

/**
 * A symmetric matrix of non-negative, finite distances with a zero diagonal, labelled by item
 * (language) names.
 *
 * @param labels distinct item names
 * @param values [i][j] distance between items i and j
 */
public record DistanceMatrix(List<String> labels, double[][] values) {

    /** Largest asymmetry |d(i,j) - d(j,i)| accepted (and averaged away). */
    private static final double SYMMETRY_TOLERANCE = 1e-9;

    public DistanceMatrix {
        labels = List.copyOf(labels);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("distance matrix needs at least one item");
        }
        if (new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("distance matrix labels must be distinct: " + labels);
        }
        int n = labels.size();
        if (values.length != n) {
            throw new IllegalArgumentException("distance matrix has " + values.length + " rows for " + n + " labels");
        }
        double[][] copy = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (values[i].length != n) {
                throw new IllegalArgumentException("distance matrix row " + i + " (" + labels.get(i) + ") has " + values[i].length + " entries, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                double d = values[i][j];
                if (!Double.isFinite(d) || d < 0) {
                    throw new IllegalArgumentException("distance(" + labels.get(i) + ", " + labels.get(j) + ") must be finite and >= 0, got " + d);
                }
                if (i == j && d != 0) {
                    throw new IllegalArgumentException("distance(" + labels.get(i) + ", itself) must be 0, got " + d);
                }
                if (Math.abs(d - values[j][i]) > SYMMETRY_TOLERANCE) {
                    throw new IllegalArgumentException("distance matrix is not symmetric: d(" + labels.get(i) + ", " + labels.get(j) + ") = " + d
                            + " but d(" + labels.get(j) + ", " + labels.get(i) + ") = " + values[j][i]);
                }
                copy[i][j] = 0.5 * (d + values[j][i]);
            }
        }
        values = copy;
    }

    public int size() {
        return labels.size();
    }

    public double get(int i, int j) {
        return values[i][j];
    }

    public double get(String a, String b) {
        return values[indexOf(a)][indexOf(b)];
    }

    public int indexOf(String label) {
        int i = labels.indexOf(label);
        if (i < 0) {
            throw new IllegalArgumentException("unknown item '" + label + "'; the distance matrix holds " + labels);
        }
        return i;
    }

    public LabeledMatrix toLabeledMatrix() {
        return new LabeledMatrix(labels, labels, values);
    }
}
