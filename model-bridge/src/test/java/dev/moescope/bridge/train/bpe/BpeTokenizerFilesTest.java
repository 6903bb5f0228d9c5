package dev.moescope.bridge.train.bpe;

import dev.moescope.bridge.TextTokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A vocabulary trained on UDHR articles 1-3 of eleven languages (nine scripts), written as tokenizer.json and
 * loaded through DJL's Hugging Face tokenizers: the ids agree with the Java reference encoder on unseen text
 * (article 26) of every script, and decoding gives the text back.
 */
class BpeTokenizerFilesTest {

    @TempDir
    static Path dir;

    private static final Map<String, List<String>> TRAIN = new LinkedHashMap<>();
    private static final Map<String, String> HELDOUT = new LinkedHashMap<>();
    private static BpeTokenizer bpe;

    @BeforeAll
    static void train() throws IOException {
        Map<String, String> scripts = new LinkedHashMap<>();
        try (InputStream in = BpeTokenizerFilesTest.class.getResourceAsStream("udhr-articles.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", 4);   // lang, script, article, text
                scripts.put(f[0], f[1]);
                if (f[2].equals("26")) {
                    HELDOUT.put(f[0], f[3]);
                } else {
                    TRAIN.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[3]);
                }
            }
        }
        List<BpeTrainer.LanguageText> langs = new ArrayList<>();
        TRAIN.forEach((lang, texts) -> langs.add(new BpeTrainer.LanguageText(lang, scripts.get(lang), texts)));
        bpe = BpeTrainer.train(langs, 1024, 0.5, null);
        bpe.writeFiles(dir, 512);
    }

    @Test
    void djlAgreesWithTheReferenceEncoderOnEveryScript() {
        assertEquals(1024, bpe.size());
        try (TextTokenizer djl = TextTokenizer.load(dir, 256, Set.of(257))) {
            assertEquals(11, HELDOUT.size());
            for (Map.Entry<String, String> e : HELDOUT.entrySet()) {
                String text = e.getValue();
                int[] ids = djl.encode(text);
                assertArrayEquals(bpe.encode(text), ids, e.getKey() + ": DJL and the reference encoder differ");
                assertEquals(text, djl.decode(ids), e.getKey() + ": decode(encode(text))");
                double perByte = (double) ids.length / text.getBytes(StandardCharsets.UTF_8).length;
                assertTrue(perByte < 0.75, e.getKey() + ": " + perByte + " tokens per byte, still near bytes");
                for (int id = BpeTokenizer.FIRST_MERGE; id < bpe.size(); id++) {
                    assertTrue(BpeTrainer.isCharAligned(bpe.bytes(id)), "token " + id + " is not character-aligned");
                }
            }
            for (String s : List.of("مرحبا بالعالم", "नमस्ते दुनिया", "你好，世界。", "Grüße  aus\tKöln\n 12 345!",
                    "e\u0301 \u200c \u00a0x", "")) {
                assertArrayEquals(bpe.encode(s), djl.encode(s), s);
                assertEquals(s, djl.decode(djl.encode(s)));
            }
            assertArrayEquals(new int[] {256}, djl.encode("<|bos|>"), "special tokens are recognised");
            assertEquals(djl.decode(new int[] {300}), new String(bpe.bytes(300), StandardCharsets.UTF_8));
        }
    }

    @Test
    void scriptsWithMarksGetWholeSyllables() {
        int[] hi = bpe.encode(HELDOUT.get("hi"));
        int bytes = HELDOUT.get("hi").getBytes(StandardCharsets.UTF_8).length;
        // Devanagari is 3 bytes per character: fewer tokens than characters means merges beyond one character
        assertTrue(hi.length < HELDOUT.get("hi").length(), hi.length + " tokens for " + bytes + " bytes");
    }
}
