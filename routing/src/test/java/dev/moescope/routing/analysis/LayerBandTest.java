package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LayerBandTest {

    private static int[] range(int from, int toExclusive) {
        return IntStream.range(from, toExclusive).toArray();
    }

    @Test
    void fourLayers() {
        // q = max(1, 4/4) = 1; middle start = (4 - 1)/2 = 1
        assertArrayEquals(new int[] {0}, LayerBand.EARLY.positions(4));
        assertArrayEquals(new int[] {1}, LayerBand.MIDDLE.positions(4));
        assertArrayEquals(new int[] {3}, LayerBand.LATE.positions(4));
        assertArrayEquals(new int[] {0, 1, 2, 3}, LayerBand.ALL.positions(4));
    }

    @Test
    void fiveLayers() {
        // q = 1; middle start = (5 - 1)/2 = 2 (exact centre)
        assertArrayEquals(new int[] {0}, LayerBand.EARLY.positions(5));
        assertArrayEquals(new int[] {2}, LayerBand.MIDDLE.positions(5));
        assertArrayEquals(new int[] {4}, LayerBand.LATE.positions(5));
    }

    @Test
    void sixLayers() {
        // q = max(1, 6/4 = 1) = 1; middle start = (6 - 1)/2 = 2 (centre 2.5, earlier side)
        assertArrayEquals(new int[] {0}, LayerBand.EARLY.positions(6));
        assertArrayEquals(new int[] {2}, LayerBand.MIDDLE.positions(6));
        assertArrayEquals(new int[] {5}, LayerBand.LATE.positions(6));
    }

    @Test
    void fortyEightLayers() {
        // q = 12; early 0..11; middle start (48 - 12)/2 = 18 -> 18..29; late 36..47
        assertArrayEquals(range(0, 12), LayerBand.EARLY.positions(48));
        assertArrayEquals(range(18, 30), LayerBand.MIDDLE.positions(48));
        assertArrayEquals(range(36, 48), LayerBand.LATE.positions(48));
        assertArrayEquals(range(0, 48), LayerBand.ALL.positions(48));
    }

    @Test
    void mapsPositionsToDecoderLayers() {
        int[] moeLayers = {1, 3, 5, 7};
        assertArrayEquals(new int[] {3}, LayerBand.MIDDLE.decoderLayers(moeLayers));
        assertArrayEquals(new int[] {7}, LayerBand.LATE.decoderLayers(moeLayers));
    }

    @Test
    void parsesNames() {
        assertEquals(LayerBand.MIDDLE, LayerBand.parse(" Middle "));
        assertEquals("late", LayerBand.LATE.id());
        assertThrows(IllegalArgumentException.class, () -> LayerBand.parse("centre"));
        assertThrows(IllegalArgumentException.class, () -> LayerBand.EARLY.positions(0));
    }
}
