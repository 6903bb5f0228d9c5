package dev.moescope.resources;

import java.text.Normalizer;

/** Text clean-up shared by the converter and the loaders. */
public final class Texts {

    private Texts() {
    }

    /**
     * NFC-normalises and collapses every run of whitespace (including no-break and other Unicode
     * space separators) to one space, trimmed. Zero-width joiners/non-joiners are letters' business
     * (Persian, Indic scripts) and are kept.
     */
    public static String normalize(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(nfc.length());
        boolean pendingSpace = false;
        for (int i = 0; i < nfc.length(); ) {
            int cp = nfc.codePointAt(i);
            i += Character.charCount(cp);
            if (isSpace(cp)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.appendCodePoint(cp);
        }
        return out.toString();
    }

    private static boolean isSpace(int cp) {
        return Character.isWhitespace(cp) || Character.getType(cp) == Character.SPACE_SEPARATOR;
    }
}
