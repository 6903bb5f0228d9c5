package dev.moescope.app.tokens;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextDirectionTest {
    @Test
    void arabicAndHebrewReadRightToLeft() {
        assertTrue(TextDirection.isRightToLeft("يولد جميع الناس أحرارًا"));
        assertTrue(TextDirection.isRightToLeft("כל בני האדם"));
        assertTrue(TextDirection.isRightToLeft("  «١٢» يولد"), "leading spaces, punctuation and digits are skipped");
    }

    @Test
    void latinCjkAndIndicReadLeftToRight() {
        assertFalse(TextDirection.isRightToLeft("All human beings"));
        assertFalse(TextDirection.isRightToLeft("人人生而自由"));
        assertFalse(TextDirection.isRightToLeft("सभी मनुष्यों"));
        assertFalse(TextDirection.isRightToLeft("123 abc يولد"), "the first strong character decides");
    }

    @Test
    void emptyOrNeutralTextIsLeftToRight() {
        assertFalse(TextDirection.isRightToLeft(""));
        assertFalse(TextDirection.isRightToLeft(null));
        assertFalse(TextDirection.isRightToLeft(" 12, 34. "));
    }
}
