package dev.moescope.app.tokens;

/** Reading direction of a text, from its first strongly directional character (as the Unicode bidi rules do). */
public final class TextDirection {
    private TextDirection() {}

    /** True when the first strong character is right-to-left (Arabic, Hebrew, Syriac, Thaana, N'Ko, ...). */
    public static boolean isRightToLeft(String text) {
        if (text == null) {
            return false;
        }
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            byte d = Character.getDirectionality(cp);
            if (d == Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
                return false;
            }
            if (d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
                return true;
            }
            i += Character.charCount(cp);
        }
        return false;
    }
}
