package dev.moescope.bridge.train.bpe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into the pieces that BPE merges never cross, with the same regular expression that the
 * {@code tokenizer.json} gives Hugging Face's {@code Split} pre-tokenizer. It is GPT-2's pattern with one change
 * for scripts other than Latin: letters take their combining marks ({@code \p{M}}: Devanagari vowel signs and
 * virama, Arabic harakat, Thai vowels) and format characters ({@code \p{Cf}}: ZWJ/ZWNJ of Persian and Indic
 * text) along, so a word of such a script stays one piece instead of breaking at every mark.
 */
public final class PreTokenizer {

    /** The pattern, as written into tokenizer.json (Oniguruma and java.util.regex read it alike). */
    public static final String PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?[\\p{L}\\p{M}\\p{Cf}]+| ?\\p{N}+"
            + "| ?[^\\s\\p{L}\\p{M}\\p{Cf}\\p{N}]+|\\s+(?!\\S)|\\s+";

    // UNICODE_CHARACTER_CLASS: \s is Unicode White_Space, as in Oniguruma (Java's default is ASCII only)
    private static final Pattern COMPILED = Pattern.compile(PATTERN, Pattern.UNICODE_CHARACTER_CLASS);

    private PreTokenizer() {
    }

    /** The pieces of {@code text} in order; together they are the whole text. */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = COMPILED.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() > end) {
                out.add(text.substring(end, m.start()));    // not reachable with this pattern; kept whole-text
            }
            out.add(m.group());
            end = m.end();
        }
        if (end < text.length()) {
            out.add(text.substring(end));
        }
        return out;
    }
}
