package dev.moescope.resources;

import java.util.Objects;

/**
 * One aligned piece of text in one language.
 *
 * @param lang      language code (see {@link Language#code()})
 * @param segmentId id shared by the translations of the same piece: "preamble", "article-01" ..
 *                  "article-30" for the UDHR; the "id"/"segment" field or the 1-based ordinal
 *                  for user corpora
 * @param article   0 = preamble, 1..30 = article number; -1 for user corpora
 * @param text      NFC-normalised text with whitespace collapsed to single spaces
 * @param split     whether the segment may be trained on
 * @param fields    the record's other fields (JSONL corpora: e.g. Belebele's "flores_passage", "question",
 *                  "mc_answer1"), as text in record order, for prompt templates; empty otherwise
 */
public record Segment(String lang, String segmentId, int article, String text, Split split,
                      java.util.Map<String, String> fields) {

    /** Highest article number of the Universal Declaration of Human Rights. */
    public static final int LAST_ARTICLE = 30;
    /** Articles 1..24 (and the preamble) are training data; 25..30 are held out. */
    public static final int LAST_TRAIN_ARTICLE = 24;

    /** Training data or held out (never trained on). */
    public enum Split {
        TRAIN, HELDOUT;

        /** The split of a UDHR segment: preamble and articles 1-24 train, 25-30 held out. */
        public static Split forArticle(int article) {
            if (article < 0 || article > LAST_ARTICLE) {
                throw new IllegalArgumentException("article must be 0..30, got " + article);
            }
            return article <= LAST_TRAIN_ARTICLE ? TRAIN : HELDOUT;
        }
    }

    public Segment {
        Objects.requireNonNull(lang, "lang");
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(split, "split");
        fields = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
        if (article < -1 || article > LAST_ARTICLE) {
            throw new IllegalArgumentException("article must be -1 or 0..30, got " + article);
        }
    }

    /** A segment without extra fields. */
    public Segment(String lang, String segmentId, int article, String text, Split split) {
        this(lang, segmentId, article, text, split, java.util.Map.of());
    }

    /** The id of a UDHR segment: "preamble" for 0, "article-07" for 7. */
    public static String udhrId(int article) {
        return article == 0 ? "preamble" : String.format("article-%02d", article);
    }
}
