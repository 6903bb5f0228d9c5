package dev.moescope.routing.analysis;

import java.lang.reflect.Array;

/** Shape checks with messages that name the field, the language and the expected size. */
final class StatsShape {

    private StatsShape() {
    }

    /** Checks that an array (of any element type) is non-null, has {@code expected} non-null rows. */
    static void checkRows(String field, Object array, int expected) {
        if (array == null) {
            throw new IllegalArgumentException("RoutingStats: " + field + " is missing");
        }
        int length = Array.getLength(array);
        if (length != expected) {
            throw new IllegalArgumentException("RoutingStats: " + field + " has " + length + " rows, expected " + expected);
        }
        for (int i = 0; i < length; i++) {
            if (Array.get(array, i) == null) {
                throw new IllegalArgumentException("RoutingStats: " + field + " row " + i + " is missing");
            }
        }
    }

    /** {@code label} names the row, e.g. {@code totalTokens[en]}. */
    static long[] checkLength(String label, long[] row, int expected) {
        checkLength(label, row == null ? -1 : row.length, expected);
        return row;
    }

    static double[] checkLength(String label, double[] row, int expected) {
        checkLength(label, row == null ? -1 : row.length, expected);
        return row;
    }

    private static void checkLength(String label, int length, int expected) {
        if (length != expected) {
            throw new IllegalArgumentException("RoutingStats: " + label + " has "
                    + (length < 0 ? "no" : String.valueOf(length)) + " entries, expected " + expected);
        }
    }
}
