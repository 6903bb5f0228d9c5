package dev.moescope.viz.palette;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class PalettesTest {

    @Test
    void viridisHasPublishedEndpointsAndMiddle() {
        ColorScale s = ColorScale.sequential(Palettes.VIRIDIS, 0, 1);
        assertEquals(0x440154, s.argb(0) & 0xFFFFFF);
        assertEquals(0xFDE725, s.argb(1) & 0xFFFFFF);
        assertClose(new Color(0x21918C), s.color(0.5), 12); // matplotlib viridis(0.5)
        assertEquals(s.argb(1), s.argb(7), "values above the range clamp");
        assertEquals(0xFFFFFFFF, s.argb(Double.NaN));
    }

    @Test
    void divergingIsCentredOnZeroAndSymmetric() {
        ColorScale s = ColorScale.diverging(Palettes.BLUE_WHITE_RED, 2.0);
        assertEquals(-2.0, s.lower());
        assertEquals(2.0, s.upper());
        assertClose(new Color(0xF7F7F7), s.color(0), 3);
        Color neg = s.color(-2), pos = s.color(2);
        assertTrue(neg.getBlue() > neg.getRed(), "negative end is blue: " + neg);
        assertTrue(pos.getRed() > pos.getBlue(), "positive end is red: " + pos);
        // equal |value| -> equal lightness distance from the centre (roughly symmetric ramp)
        double dn = OkLab.distance(s.color(0), s.color(-1)), dp = OkLab.distance(s.color(0), s.color(1));
        assertEquals(dn, dp, 0.08);
    }

    @Test
    void categoricalStartsWithOkabeItoAndStaysDistinct() {
        assertEquals(new Color(0x0072B2), Palettes.categorical(0));
        assertEquals(new Color(0xE69F00), Palettes.categorical(1));
        List<Color> first = Palettes.firstCategorical(16);
        for (int i = 0; i < first.size(); i++) {
            for (int j = i + 1; j < first.size(); j++) {
                assertTrue(OkLab.distance(first.get(i), first.get(j)) > 0.08,
                        "categories " + i + " and " + j + " too similar");
            }
            assertTrue(OkLab.distance(first.get(i), Palettes.SHARED_GREY) > 0.06, "category " + i + " vs shared grey");
        }
        assertThrows(IllegalArgumentException.class, () -> Palettes.categorical(-1));
    }

    @Test
    void expertPaletteHas128DistinguishableColours() {
        List<Color> all = ExpertPalette.all();
        assertEquals(128, all.size());
        assertEquals(128, new HashSet<>(all).size());
        double min = Double.MAX_VALUE;
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                min = Math.min(min, OkLab.distance(all.get(i), all.get(j)));
            }
        }
        assertTrue(min > 0.045, "min OKLab distance among 128 expert colours = " + min);
        for (int i = 0; i + 1 < 16; i++) { // the first colours (few experts) are far apart
            assertTrue(OkLab.distance(all.get(i), all.get(i + 1)) > 0.1, "experts " + i + "/" + (i + 1));
        }
        assertEquals(ExpertPalette.color(3), ExpertPalette.color(3 + 128), "ids wrap around");
    }

    @Test
    void textColourContrastsWithBackground() {
        assertEquals(Color.BLACK, OkLab.textColorOn(new Color(0xF0E442)));
        assertEquals(Color.WHITE, OkLab.textColorOn(new Color(0x0072B2)));
        assertEquals(Color.WHITE, OkLab.textColorOn(new Color(0x440154)));
    }

    static void assertClose(Color expected, Color actual, int tolerance) {
        assertTrue(Math.abs(expected.getRed() - actual.getRed()) <= tolerance
                        && Math.abs(expected.getGreen() - actual.getGreen()) <= tolerance
                        && Math.abs(expected.getBlue() - actual.getBlue()) <= tolerance,
                "expected ~" + expected + " got " + actual);
    }
}
