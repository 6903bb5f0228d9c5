package dev.moescope.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Labels for tokens that hold only part of a UTF-8 character, which decode to U+FFFD on their own. A
 * byte-level BPE vocabulary (GPT-2 / Qwen style) spells each byte as one printable character, so the
 * raw bytes can be read back and shown as hex ({@code ⟨0xE0 0xA4⟩}); other vocabularies show the token
 * string itself (SentencePiece byte fallback names them {@code <0xE0>} already). The vocabulary is read
 * from tokenizer.json on first use only.
 */
final class TokenLabels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path tokenizerJson;
    private Map<Integer, String> tokenStrings; // id -> the vocabulary's spelling of the token
    private boolean byteLevel;

    TokenLabels(Path tokenizerJson) {
        this.tokenizerJson = tokenizerJson;
    }

    /** {@code decoded} when it is whole text, else a label made from the token's bytes or spelling. */
    synchronized String label(int id, String decoded) {
        if (decoded.indexOf('\uFFFD') < 0) {
            return decoded;
        }
        if (tokenStrings == null) {
            load();
        }
        String spelling = tokenStrings.get(id);
        if (spelling == null) {
            return decoded;
        }
        if (!byteLevel) {
            return spelling;
        }
        byte[] bytes = byteLevelBytes(spelling);
        return bytes == null ? spelling : hex(bytes);
    }

    private void load() {
        try {
            JsonNode root = JSON.readTree(tokenizerJson.toFile());
            byteLevel = hasByteLevel(root.path("decoder"));
            Map<Integer, String> m = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("model").path("vocab").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().canConvertToInt()) {
                    m.put(e.getValue().asInt(), e.getKey());
                }
            }
            tokenStrings = m;
        } catch (IOException e) {
            throw new UncheckedIOException(tokenizerJson + ": cannot read the vocabulary: " + e.getMessage(), e);
        }
    }

    private static boolean hasByteLevel(JsonNode decoder) {
        if ("ByteLevel".equals(decoder.path("type").asText())) {
            return true;
        }
        for (JsonNode d : decoder.path("decoders")) {
            if (hasByteLevel(d)) {
                return true;
            }
        }
        return false;
    }

    /** The bytes a byte-level spelling stands for, or null when a character is outside the alphabet. */
    static byte[] byteLevelBytes(String spelling) {
        int[] cps = spelling.codePoints().toArray();
        byte[] out = new byte[cps.length];
        for (int i = 0; i < cps.length; i++) {
            int b = byteOf(cps[i]);
            if (b < 0) {
                return null;
            }
            out[i] = (byte) b;
        }
        return out;
    }

    /**
     * GPT-2's bytes_to_unicode, inverted: printable bytes ('!'..'~', 0xA1..0xAC, 0xAE..0xFF) stand for
     * themselves; the other 68 bytes, in ascending order, were moved to U+0100, U+0101, ...
     */
    static int byteOf(int codePoint) {
        if (isPrintableByte(codePoint)) {
            return codePoint;
        }
        if (codePoint < 256) {
            return -1;
        }
        int shifted = codePoint - 256; // index among the non-printable bytes
        for (int b = 0, seen = 0; b < 256; b++) {
            if (!isPrintableByte(b)) {
                if (seen == shifted) {
                    return b;
                }
                seen++;
            }
        }
        return -1;
    }

    private static boolean isPrintableByte(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }

    static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder("\u27E8");
        for (int i = 0; i < bytes.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", bytes[i] & 0xFF));
        }
        return sb.append('\u27E9').toString();
    }
}
