package dev.moescope.resources;

import java.lang.Character.UnicodeScript;
import java.util.EnumMap;
import java.util.Map;

/**
 * Detects the writing system of a text as an ISO 15924 code from the majority script of its
 * letters ({@link Character.UnicodeScript}). Han with Hiragana/Katakana is "Jpan", Hangul (with or
 * without Han) "Kore", Han alone "Hans" or "Hant" by counting characters that exist in only one
 * of the two orthographies.
 */
public final class Scripts {

    /** Unicode script -> ISO 15924 for the scripts moescope is likely to meet. */
    private static final Map<UnicodeScript, String> ISO_15924 = new EnumMap<>(UnicodeScript.class);

    static {
        Object[][] pairs = {
            {UnicodeScript.LATIN, "Latn"}, {UnicodeScript.CYRILLIC, "Cyrl"}, {UnicodeScript.GREEK, "Grek"},
            {UnicodeScript.ARMENIAN, "Armn"}, {UnicodeScript.GEORGIAN, "Geor"}, {UnicodeScript.ARABIC, "Arab"},
            {UnicodeScript.HEBREW, "Hebr"}, {UnicodeScript.SYRIAC, "Syrc"}, {UnicodeScript.THAANA, "Thaa"},
            {UnicodeScript.NKO, "Nkoo"}, {UnicodeScript.DEVANAGARI, "Deva"}, {UnicodeScript.BENGALI, "Beng"},
            {UnicodeScript.GURMUKHI, "Guru"}, {UnicodeScript.GUJARATI, "Gujr"}, {UnicodeScript.ORIYA, "Orya"},
            {UnicodeScript.TAMIL, "Taml"}, {UnicodeScript.TELUGU, "Telu"}, {UnicodeScript.KANNADA, "Knda"},
            {UnicodeScript.MALAYALAM, "Mlym"}, {UnicodeScript.SINHALA, "Sinh"}, {UnicodeScript.THAI, "Thai"},
            {UnicodeScript.LAO, "Laoo"}, {UnicodeScript.TIBETAN, "Tibt"}, {UnicodeScript.MYANMAR, "Mymr"},
            {UnicodeScript.KHMER, "Khmr"}, {UnicodeScript.MONGOLIAN, "Mong"}, {UnicodeScript.ETHIOPIC, "Ethi"},
            {UnicodeScript.CHEROKEE, "Cher"}, {UnicodeScript.CANADIAN_ABORIGINAL, "Cans"},
            {UnicodeScript.TIFINAGH, "Tfng"}, {UnicodeScript.VAI, "Vaii"}, {UnicodeScript.ADLAM, "Adlm"},
            {UnicodeScript.JAVANESE, "Java"}, {UnicodeScript.BALINESE, "Bali"}, {UnicodeScript.HANGUL, "Hang"},
            {UnicodeScript.HIRAGANA, "Hira"}, {UnicodeScript.KATAKANA, "Kana"}, {UnicodeScript.HAN, "Hani"},
            {UnicodeScript.YI, "Yiii"}, {UnicodeScript.BOPOMOFO, "Bopo"},
        };
        for (Object[] pair : pairs) {
            ISO_15924.put((UnicodeScript) pair[0], (String) pair[1]);
        }
    }

    // Frequent characters written differently in the two Chinese orthographies, pair by pair.
    private static final String SIMPLIFIED_ONLY = "这们个来时为说国对会发经现关权与于从应该过还进动当没";
    private static final String TRADITIONAL_ONLY = "這們個來時為說國對會發經現關權與於從應該過還進動當沒";

    private Scripts() {
    }

    /** ISO 15924 code of the majority script of the letters in {@code text}; "Zyyy" when it has none. */
    public static String detect(String text) {
        Map<UnicodeScript, Integer> counts = new EnumMap<>(UnicodeScript.class);
        int simplified = 0;
        int traditional = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            UnicodeScript script = UnicodeScript.of(cp);
            if (script == UnicodeScript.COMMON || script == UnicodeScript.INHERITED) {
                continue;
            }
            counts.merge(script, 1, Integer::sum);
            if (SIMPLIFIED_ONLY.indexOf(cp) >= 0) {
                simplified++;
            } else if (TRADITIONAL_ONLY.indexOf(cp) >= 0) {
                traditional++;
            }
        }
        int han = counts.getOrDefault(UnicodeScript.HAN, 0);
        int kana = counts.getOrDefault(UnicodeScript.HIRAGANA, 0) + counts.getOrDefault(UnicodeScript.KATAKANA, 0);
        int hangul = counts.getOrDefault(UnicodeScript.HANGUL, 0);
        UnicodeScript top = null;
        int topCount = 0;
        for (Map.Entry<UnicodeScript, Integer> e : counts.entrySet()) {
            if (e.getValue() > topCount) {
                top = e.getKey();
                topCount = e.getValue();
            }
        }
        if (top == null) {
            return "Zyyy";
        }
        // East Asian texts mix scripts: judge the CJK group together before taking the majority.
        int cjk = han + kana + hangul;
        if (cjk > topCount || top == UnicodeScript.HAN || top == UnicodeScript.HIRAGANA
                || top == UnicodeScript.KATAKANA || top == UnicodeScript.HANGUL) {
            if (hangul > 0 && hangul >= kana) {
                return "Kore";
            }
            if (kana > 0) {
                return "Jpan";
            }
            if (han > 0) {
                return traditional > simplified ? "Hant" : "Hans";
            }
        }
        return ISO_15924.getOrDefault(top, top.name());
    }
}
