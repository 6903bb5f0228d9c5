package dev.moescope.viz.palette;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanguagePaletteTest {
    private final LanguagePalette palette = new LanguagePalette(List.of("ar", "bn", "zh", "de", "en", "ja"),
            label -> label.equals("eng_Latn") ? "en" : label);

    @Test
    void aLanguageHasItsColourFromTheFixedOrderWhateverTheChartShows() {
        assertEquals(Palettes.categorical(4), palette.color("en"));
        assertEquals(Palettes.categorical(5), palette.color("ja"));
        assertEquals(palette.color("en"), palette.color("eng_Latn"), "a label maps to its code first");
        assertNotEquals(palette.color("en"), palette.color("ja"));
    }

    @Test
    void anUnknownCodeHasAStableColourOutsideTheFixedOnes() {
        java.awt.Color xx = palette.color("xx");
        assertEquals(xx, new LanguagePalette(List.of("ar", "bn", "zh", "de", "en", "ja")).color("xx"));
        for (int i = 0; i < 6; i++) {
            assertNotEquals(Palettes.categorical(i), xx, "not one of the fixed languages' colours");
        }
    }
}
