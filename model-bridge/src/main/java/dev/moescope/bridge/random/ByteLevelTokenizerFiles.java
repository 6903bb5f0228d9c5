package dev.moescope.bridge.random;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the tokenizer files of the fixtures: byte-level BPE with no merges, ids 0..255 = the GPT-2 ByteLevel
 * alphabet characters in byte order (id = byte value), then {@code <|bos|>}=256, {@code <|eos|>}=257,
 * {@code <|pad|>}=258 as special tokens.
 */
public final class ByteLevelTokenizerFiles {

    public static final int BOS = 256;
    public static final int EOS = 257;
    public static final int PAD = 258;
    static final List<String> SPECIALS = List.of("<|bos|>", "<|eos|>", "<|pad|>");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ByteLevelTokenizerFiles() {
    }

    /**
     * GPT-2's bytes_to_unicode: printable bytes ('!'..'~', '¡'..'¬', '®'..'ÿ') stand for themselves; the other
     * 68 bytes map, in byte order, to code points 256, 257, ... so every byte is one visible character.
     */
    public static String[] byteAlphabet() {
        String[] out = new String[256];
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            out[b] = new String(Character.toChars(printable ? b : next++));
        }
        return out;
    }

    public static void write(Path dir, int maxLength) throws IOException {
        Map<String, Object> tokenizer = new LinkedHashMap<>();
        tokenizer.put("version", "1.0");
        tokenizer.put("truncation", null);
        tokenizer.put("padding", null);
        List<Map<String, Object>> added = new ArrayList<>();
        for (int i = 0; i < SPECIALS.size(); i++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("id", BOS + i);
            t.put("content", SPECIALS.get(i));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
            added.add(t);
        }
        tokenizer.put("added_tokens", added);
        tokenizer.put("normalizer", null);
        tokenizer.put("pre_tokenizer", byteLevel());
        tokenizer.put("post_processor", null);
        tokenizer.put("decoder", byteLevel());
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("type", "BPE");
        model.put("dropout", null);
        model.put("unk_token", null);
        model.put("continuing_subword_prefix", null);
        model.put("end_of_word_suffix", null);
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        Map<String, Integer> vocab = new LinkedHashMap<>();
        String[] alphabet = byteAlphabet();
        for (int b = 0; b < 256; b++) {
            vocab.put(alphabet[b], b);
        }
        for (int i = 0; i < SPECIALS.size(); i++) {
            vocab.put(SPECIALS.get(i), BOS + i);
        }
        model.put("vocab", vocab);
        model.put("merges", List.of());
        tokenizer.put("model", model);
        Files.writeString(dir.resolve("tokenizer.json"), JSON.writeValueAsString(tokenizer));

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("add_bos_token", false);
        config.put("add_eos_token", false);
        Map<String, Object> decoder = new LinkedHashMap<>();
        for (int i = 0; i < SPECIALS.size(); i++) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("content", SPECIALS.get(i));
            t.put("lstrip", false);
            t.put("normalized", false);
            t.put("rstrip", false);
            t.put("single_word", false);
            t.put("special", true);
            decoder.put(Integer.toString(BOS + i), t);
        }
        config.put("added_tokens_decoder", decoder);
        config.put("bos_token", SPECIALS.get(0));
        config.put("eos_token", SPECIALS.get(1));
        config.put("pad_token", SPECIALS.get(2));
        config.put("unk_token", null);
        config.put("clean_up_tokenization_spaces", false);
        config.put("model_max_length", maxLength);
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        writePretty(dir.resolve("tokenizer_config.json"), config);

        Map<String, Object> specials = new LinkedHashMap<>();
        specials.put("bos_token", SPECIALS.get(0));
        specials.put("eos_token", SPECIALS.get(1));
        specials.put("pad_token", SPECIALS.get(2));
        writePretty(dir.resolve("special_tokens_map.json"), specials);
    }

    private static Map<String, Object> byteLevel() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "ByteLevel");
        m.put("add_prefix_space", false);
        m.put("trim_offsets", true);
        m.put("use_regex", false);
        return m;
    }

    static void writePretty(Path file, Object value) throws IOException {
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value) + "\n");
    }
}
