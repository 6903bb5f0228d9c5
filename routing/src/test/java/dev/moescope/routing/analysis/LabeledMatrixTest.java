package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabeledMatrixTest {

    @Test
    void csvQuotesLabelsAndLeavesNaNEmpty() {
        LabeledMatrix m = new LabeledMatrix(List.of("en", "zh, Hans"), List.of("0", "1"),
                new double[][] {{0.5, 1.0}, {Double.NaN, 0.25}});
        assertEquals("language,0,1\nen,0.5,1.0\n\"zh, Hans\",,0.25\n", m.toCsv("language"));
        assertEquals(0.25, m.get("zh, Hans", "1"));
    }

    @Test
    void rejectsRaggedRows() {
        assertThrows(IllegalArgumentException.class, () -> new LabeledMatrix(List.of("a"), List.of("x", "y"), new double[][] {{1}}));
        assertThrows(IllegalArgumentException.class, () -> new LabeledMatrix(List.of("a", "b"), List.of("x"), new double[][] {{1}}));
    }
}
