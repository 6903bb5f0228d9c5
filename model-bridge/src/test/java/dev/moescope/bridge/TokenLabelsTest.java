package dev.moescope.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moescope.bridge.random.ByteLevelTokenizerFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenLabelsTest {
    @TempDir
    Path dir;

    @Test
    void byteLevelAlphabetReadsBackToEveryByte() {
        String[] alphabet = ByteLevelTokenizerFiles.byteAlphabet();
        for (int b = 0; b < 256; b++) {
            assertEquals(b, TokenLabels.byteOf(alphabet[b].codePointAt(0)), "byte " + b);
        }
    }

    @Test
    void partialUtf8TokensShowTheirBytesWholeTokensTheirText() throws Exception {
        ByteLevelTokenizerFiles.write(dir, 64);
        try (TextTokenizer tok = TextTokenizer.load(dir, null, Set.of())) {
            assertEquals("a", tok.tokenLabel('a'));
            assertEquals(" ", tok.tokenLabel(' '));
            assertEquals("\uFFFD", tok.tokenText(0xE0), "on its own a lead byte does not decode");
            assertEquals("\u27E80xE0\u27E9", tok.tokenLabel(0xE0));
            assertEquals("\u27E80xA4\u27E9", tok.tokenLabel(0xA4));
        }
    }

    @Test
    void otherVocabulariesShowTheTokenSpelling() throws Exception {
        Path json = dir.resolve("tokenizer.json");
        Files.writeString(json, """
                {"decoder": {"type": "Sequence", "decoders": [{"type": "ByteFallback"}, {"type": "Fuse"}]},
                 "model": {"type": "BPE", "vocab": {"<0xE0>": 3, "a": 4}}}
                """);
        TokenLabels labels = new TokenLabels(json);
        assertEquals("<0xE0>", labels.label(3, "\uFFFD"));
        assertEquals("a", labels.label(4, "a"));
        assertEquals("\uFFFD", labels.label(99, "\uFFFD"), "an id the vocabulary lacks keeps the decoder's text");
    }

    @Test
    void multiByteSpellingsBecomeOneLabel() {
        String[] alphabet = ByteLevelTokenizerFiles.byteAlphabet();
        byte[] bytes = TokenLabels.byteLevelBytes(alphabet[0xE0] + alphabet[0xA4]);
        assertEquals("\u27E80xE0 0xA4\u27E9", TokenLabels.hex(bytes));
    }
}
