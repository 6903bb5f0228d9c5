package dev.moescope.viz.grid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Split cells: equal-area diagonal bands, first colour top-left on screen whatever the axis direction. */
class DiagonalBandsTest {
    private static final int A = 0xFF0072B2, B = 0xFFE69F00, C = 0xFF009E73, PLAIN = 0xFF9A9A9A;

    @Test
    void bandsHaveEqualAreaAndTwoBandsMeetOnTheDiagonal() {
        assertArrayEquals(new double[] {1.0}, DiagonalBands.borders(2), 1e-12);
        for (int n = 2; n <= 5; n++) {
            int[] count = new int[n];
            int side = 400;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    count[DiagonalBands.band((x + 0.5) / side, (y + 0.5) / side, n)]++;
                }
            }
            for (int i = 0; i < n; i++) {
                assertEquals(1.0 / n, count[i] / (double) (side * side), 0.01, n + " bands, band " + i);
            }
            double[] borders = DiagonalBands.borders(n);
            for (int i = 0; i < borders.length; i++) {
                assertEquals((i + 1) / (double) n, DiagonalBands.areaBelow(borders[i]), 1e-12, "border " + i + " of " + n);
            }
        }
    }

    @Test
    void imageSplitsOnlyTheSplitCellFirstColourTopLeftEvenOnReversedAxes() {
        // 1 row x 2 cols: col 0 split A|B, col 1 plain
        int[][] split = {{A, B}, null};
        GridImageRenderer.Cells cells = new GridImageRenderer.Cells(1, 2, new int[] {A, PLAIN}, split, new boolean[] {true});
        for (boolean reversed : new boolean[] {false, true}) {
            BufferedImage img = GridImageRenderer.buildImage(cells, 40, 20, reversed, reversed);
            int splitLeft = reversed ? 20 : 0, plainLeft = reversed ? 0 : 20;
            assertEquals(A, img.getRGB(splitLeft + 2, 2), "top-left of the split cell, reversed=" + reversed);
            assertEquals(B, img.getRGB(splitLeft + 17, 17), "bottom-right of the split cell, reversed=" + reversed);
            assertEquals(A, img.getRGB(splitLeft + 16, 2), "above the diagonal, reversed=" + reversed);
            assertEquals(B, img.getRGB(splitLeft + 3, 18), "below the diagonal, reversed=" + reversed);
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 20; x++) {
                    assertEquals(PLAIN, img.getRGB(plainLeft + x, y), "plain cell pixel " + x + "," + y);
                }
            }
        }
    }

    @Test
    void threeColoursAreCornerMiddleCorner() {
        int[][] split = {{A, B, C}};
        GridImageRenderer.Cells cells = new GridImageRenderer.Cells(1, 1, new int[] {A}, split, new boolean[] {true});
        BufferedImage img = GridImageRenderer.buildImage(cells, 30, 30, false, false);
        assertEquals(A, img.getRGB(0, 0));
        assertEquals(B, img.getRGB(15, 14));
        assertEquals(B, img.getRGB(29, 0), "the middle band reaches the other two corners");
        assertEquals(C, img.getRGB(29, 29));
    }
}
