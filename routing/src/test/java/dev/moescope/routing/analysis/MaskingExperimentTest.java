package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Bits per byte and the masked x evaluated delta table. */
class MaskingExperimentTest {

    private static final double TOL = 1e-12;

    @Test
    void bitsPerByte() {
        // nll = 200 ln 2 nats over 100 bytes = 200 bits / 100 bytes = 2
        assertEquals(2.0, BitsPerByte.of(200 * Math.log(2), 100), TOL);
        // 1 nat per byte = 1/ln 2 bits per byte
        assertEquals(1 / Math.log(2), BitsPerByte.of(50, 50), TOL);
        assertEquals(0.0, BitsPerByte.of(0, 10));
        assertThrows(IllegalArgumentException.class, () -> BitsPerByte.of(1, 0));
        assertThrows(IllegalArgumentException.class, () -> BitsPerByte.of(Double.NaN, 10));
    }

    @Test
    void deltaTable() {
        // baseline [en 1.0, de 1.2, zh 1.5]
        // masked en: [1.5, 1.25, 1.5] -> delta [.5, .05, 0]
        // masked de: [1.1, 2.0, 1.6]  -> delta [.1, .8, .1]
        MaskingDeltaTable table = new MaskingDeltaTable("middle", List.of("en", "de"), List.of("en", "de", "zh"),
                new double[] {1.0, 1.2, 1.5}, new double[][] {{1.5, 1.25, 1.5}, {1.1, 2.0, 1.6}});
        LabeledMatrix delta = table.delta();
        assertArrayEquals(new double[] {0.5, 0.05, 0}, delta.values()[0], TOL);
        assertArrayEquals(new double[] {0.1, 0.8, 0.1}, delta.values()[1], TOL);
        assertEquals(0.5, table.ownLanguageDelta("en"), TOL);
        assertEquals(0.8, table.ownLanguageDelta("de"), TOL);
        // other languages for en: (.05 + 0)/2; for de: (.1 + .1)/2
        assertEquals(0.025, table.meanOtherLanguageDelta("en"), TOL);
        assertEquals(0.1, table.meanOtherLanguageDelta("de"), TOL);
    }

    @Test
    void deltaTableValidatesShape() {
        assertThrows(IllegalArgumentException.class, () -> new MaskingDeltaTable("early", List.of("en"), List.of("en", "de"),
                new double[] {1.0}, new double[][] {{1, 2}}));
        assertThrows(IllegalArgumentException.class, () -> new MaskingDeltaTable("early", List.of("en"), List.of("en", "de"),
                new double[] {1.0, 1.0}, new double[][] {{1}}));
    }
}
