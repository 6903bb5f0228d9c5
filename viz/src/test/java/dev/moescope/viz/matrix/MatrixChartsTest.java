package dev.moescope.viz.matrix;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MatrixChartsTest {
    @Test
    void cellsShowTheirValueOrADashForNoValue() {
        assertEquals("+0.257", MatrixCharts.cellText(0.2571, "%+.3f"));
        assertEquals("-0.004", MatrixCharts.cellText(-0.0041, "%+.3f"));
        assertEquals("\u2014", MatrixCharts.cellText(Double.NaN, "%+.3f"));
    }
}
