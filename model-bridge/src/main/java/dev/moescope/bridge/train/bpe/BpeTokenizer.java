package dev.moescope.bridge.train.bpe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.bridge.train.MoeSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A byte-level BPE vocabulary: ids 0-255 are the bytes (id = byte value), 256-258 the special tokens
 * {@code <|bos|>}, {@code <|eos|>}, {@code <|pad|>} (as in the byte-level demo tokenizer), and id 259 + i the
 * token made by merge i. {@link #encode} is the reference encoder (pre-tokenize, then apply the merges in rank
 * order, the lowest-ranked adjacent pair first, every occurrence left to right), which is what Hugging Face's
 * BPE model does with the {@code tokenizer.json} that {@link #writeFiles} writes.
 */
public final class BpeTokenizer {

    public static final List<String> SPECIALS = List.of("<|bos|>", "<|eos|>", "<|pad|>");
    /** First id made by a merge. */
    public static final int FIRST_MERGE = 256 + SPECIALS.size();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<int[]> merges;              // merge i: {left id, right id} -> id FIRST_MERGE + i
    private final Map<Long, Integer> rank = new HashMap<>();
    private final List<byte[]> tokenBytes = new ArrayList<>();
    private final Map<String, int[]> cache = new HashMap<>();

    public BpeTokenizer(List<int[]> merges) {
        this.merges = List.copyOf(merges);
        for (int b = 0; b < 256; b++) {
            tokenBytes.add(new byte[] {(byte) b});
        }
        for (String s : SPECIALS) {
            tokenBytes.add(s.getBytes(StandardCharsets.UTF_8));
        }
        for (int i = 0; i < this.merges.size(); i++) {
            int[] m = this.merges.get(i);
            if (m.length != 2 || !isMergeable(m[0]) || !isMergeable(m[1]) || m[0] >= FIRST_MERGE + i
                    || m[1] >= FIRST_MERGE + i) {
                throw new IllegalArgumentException("merge " + i + " joins ids that do not exist before it");
            }
            rank.put(pair(m[0], m[1]), i);
            tokenBytes.add(concat(tokenBytes.get(m[0]), tokenBytes.get(m[1])));
        }
    }

    /** Vocabulary entries: bytes + specials + merges. */
    public int size() {
        return tokenBytes.size();
    }

    public List<int[]> merges() {
        return merges;
    }

    /** The bytes of token {@code id} (a special token: its UTF-8 text). */
    public byte[] bytes(int id) {
        return tokenBytes.get(id).clone();
    }

    /** Token ids of {@code text}; special-token strings in it are not recognised (plain bytes). */
    public int[] encode(String text) {
        List<int[]> parts = new ArrayList<>();
        int n = 0;
        for (String piece : PreTokenizer.split(text)) {
            int[] ids = cache.computeIfAbsent(piece, this::encodePiece);
            parts.add(ids);
            n += ids.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The text of some ids (special tokens as their text; invalid UTF-8 as U+FFFD). */
    public String decode(int[] ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int id : ids) {
            out.writeBytes(tokenBytes.get(id));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private int[] encodePiece(String piece) {
        byte[] b = piece.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xff;       // unsigned byte value = token id
        }
        int len = ids.length;
        while (len > 1) {
            int best = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < len; i++) {
                Integer r = rank.get(pair(ids[i], ids[i + 1]));
                if (r != null && r < best) {
                    best = r;
                }
            }
            if (best == Integer.MAX_VALUE) {
                break;
            }
            len = mergeAll(ids, len, merges.get(best)[0], merges.get(best)[1], FIRST_MERGE + best);
        }
        return java.util.Arrays.copyOf(ids, len);
    }

    /** Replaces every (left, right) in {@code ids[0, len)} by {@code id}, left to right; returns the new length. */
    static int mergeAll(int[] ids, int len, int left, int right, int id) {
        int w = 0;
        for (int r = 0; r < len; r++) {
            if (r + 1 < len && ids[r] == left && ids[r + 1] == right) {
                ids[w++] = id;
                r++;
            } else {
                ids[w++] = ids[r];
            }
        }
        return w;
    }

    /** A pair of ids as one map key: left in the high 32 bits, right in the low. */
    static long pair(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    private static boolean isMergeable(int id) {
        return id >= 0 && (id < 256 || id >= FIRST_MERGE);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The byte-level spelling of token {@code id} in tokenizer.json. */
    public String spelling(int id) {
        return id >= 256 && id < FIRST_MERGE ? SPECIALS.get(id - 256)
                : ByteLevel.spell(tokenBytes.get(id), 0, tokenBytes.get(id).length);
    }

    /**
     * Writes tokenizer.json (Split with {@link PreTokenizer#PATTERN}, then ByteLevel without its own regex;
     * BPE with vocab and merges; ByteLevel decoder; the special tokens as added tokens), tokenizer_config.json
     * and special_tokens_map.json into {@code dir}.
     */
    public void writeFiles(Path dir, int modelMaxLength) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tokenizer.json"), tokenizerJson().toPrettyString() + "\n");
            Files.writeString(dir.resolve("tokenizer_config.json"), tokenizerConfig(modelMaxLength).toPrettyString() + "\n");
            ObjectNode map = JSON.createObjectNode();
            map.put("bos_token", SPECIALS.get(0));
            map.put("eos_token", SPECIALS.get(1));
            map.put("pad_token", SPECIALS.get(2));
            Files.writeString(dir.resolve("special_tokens_map.json"), map.toPrettyString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot write the tokenizer: " + e.getMessage(), e);
        }
    }

    private ObjectNode tokenizerJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < SPECIALS.size(); i++) {
            ObjectNode t = added.addObject();
            t.put("id", 256 + i);
            t.put("content", SPECIALS.get(i));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        ObjectNode split = steps.addObject();
        split.put("type", "Split");
        split.putObject("pattern").put("Regex", PreTokenizer.PATTERN);
        split.put("behavior", "Isolated");
        split.put("invert", false);
        steps.add(byteLevel());
        root.putNull("post_processor");
        root.set("decoder", byteLevel());
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int id = 0; id < size(); id++) {
            vocab.put(spelling(id), id);
        }
        ArrayNode m = model.putArray("merges");
        for (int[] merge : merges) {
            m.add(spelling(merge[0]) + " " + spelling(merge[1]));   // byte-level spellings never hold a space
        }
        return root;
    }

    private static ObjectNode byteLevel() {
        ObjectNode b = JSON.createObjectNode();
        b.put("type", "ByteLevel");
        b.put("add_prefix_space", false);
        b.put("trim_offsets", false);
        b.put("use_regex", false);
        return b;
    }

    private static ObjectNode tokenizerConfig(int modelMaxLength) {
        ObjectNode c = JSON.createObjectNode();
        c.put("add_bos_token", false);
        c.put("add_eos_token", false);
        ObjectNode dec = c.putObject("added_tokens_decoder");
        for (int i = 0; i < SPECIALS.size(); i++) {
            ObjectNode t = dec.putObject(Integer.toString(256 + i));
            t.put("content", SPECIALS.get(i));
            t.put("lstrip", false);
            t.put("normalized", false);
            t.put("rstrip", false);
            t.put("single_word", false);
            t.put("special", true);
        }
        c.put("bos_token", SPECIALS.get(0));
        c.put("eos_token", SPECIALS.get(1));
        c.put("pad_token", SPECIALS.get(2));
        c.putNull("unk_token");
        c.put("clean_up_tokenization_spaces", false);
        c.put("model_max_length", modelMaxLength);
        c.put("tokenizer_class", "PreTrainedTokenizerFast");
        return c;
    }

    static {
        if (MoeSpec.BOS != 256 || MoeSpec.EOS != 257 || MoeSpec.PAD != 258) {
            throw new AssertionError("special token ids differ from MoeSpec");
        }
    }
}
