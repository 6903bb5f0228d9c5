package dev.moescope.bridge.train.bpe;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * GPT-2's byte-to-character table, which Hugging Face's {@code ByteLevel} pre-tokenizer and decoder use: every
 * byte is spelled by one printable character, so byte-level tokens can be written as JSON strings. Printable
 * Latin-1 bytes ({@code !}..{@code ~}, {@code ¡}..{@code ¬}, {@code ®}..{@code ÿ}) stand for themselves; the
 * other 68 bytes, in byte order, take the characters U+0100, U+0101, ... (so the space 0x20 is {@code Ġ}).
 */
public final class ByteLevel {

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {
    }

    /** The character that spells byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b];
    }

    /** The byte-level spelling of some bytes, e.g. " a" -> "Ġa". */
    public static String spell(byte[] bytes, int from, int to) {
        StringBuilder sb = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            sb.append(BYTE_TO_CHAR[bytes[i] & 0xff]);   // unsigned byte value indexes the table
        }
        return sb.toString();
    }

    public static String spell(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return spell(b, 0, b.length);
    }

    /** The bytes a byte-level spelling stands for; throws on a character outside the table. */
    public static byte[] bytes(String spelling) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(spelling.length());
        for (int i = 0; i < spelling.length(); i++) {
            char c = spelling.charAt(i);
            int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
            if (b < 0) {
                throw new IllegalArgumentException("character U+" + Integer.toHexString(c) + " is not a byte-level symbol");
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}
