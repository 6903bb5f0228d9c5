package dev.moescope.bridge;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** A checkpoint's tokenizer.json through DJL's HF tokenizers: no truncation, no special tokens added. */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final Integer bosId;
    private final Set<Integer> eosIds;
    private final TokenLabels labels;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, Integer bosId, Set<Integer> eosIds, TokenLabels labels) {
        this.tokenizer = tokenizer;
        this.labels = labels;
        this.bosId = bosId;
        this.eosIds = Set.copyOf(eosIds);
    }

    /** Loads {@code dir/tokenizer.json}; bos/eos come from the caller (generation_config.json, then config.json). */
    public static TextTokenizer load(Path dir, Integer bosId, Set<Integer> eosIds) {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException(file + ": missing (the model directory needs a Hugging Face tokenizer.json)");
        }
        try {
            HuggingFaceTokenizer tok = HuggingFaceTokenizer.newInstance(file, Map.of(
                    "addSpecialTokens", "false",
                    "truncation", "false",
                    "padding", "false"));
            return new TextTokenizer(tok, bosId, eosIds, new TokenLabels(file));
        } catch (Exception e) {
            throw new CheckpointException(file + ": cannot load tokenizer: " + e.getMessage(), e);
        }
    }

    /** Token ids of {@code text}, with no special tokens added. */
    public int[] encode(String text) {
        Encoding enc = tokenizer.encode(text, false, false);
        long[] ids = enc.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** The text of {@code ids}; special tokens are kept, invalid UTF-8 becomes U+FFFD. */
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return tokenizer.decode(l, false);
    }

    /** The decoded text of one token; a token holding part of a UTF-8 character decodes to U+FFFD. */
    public String tokenText(int id) {
        return decode(new int[] {id});
    }

    /**
     * What to show for one token out of context: its decoded text, or, for a token holding only part
     * of a UTF-8 character, its bytes in hex ({@code ⟨0xE0 0xA4⟩}, byte-level vocabularies) or its
     * vocabulary spelling (e.g. {@code <0xE0>}), instead of a bare U+FFFD.
     */
    public String tokenLabel(int id) {
        return labels.label(id, tokenText(id));
    }

    public Integer bosId() {
        return bosId;
    }

    public Set<Integer> eosIds() {
        return eosIds;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
