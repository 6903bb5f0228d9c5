package dev.moescope.resources;

import java.util.Locale;

/**
 * How much text a language has in the usual NLP sense. The rule used for the bundled table is
 * documented in corpus/udhr/README.md: share of Common Crawl web pages, high at 1.5 % or more,
 * medium from 0.1 % to 1.5 %, low below 0.1 %.
 */
public enum ResourceLevel {
    HIGH, MEDIUM, LOW,
    /** A label the language table does not know. */
    UNKNOWN;

    /** The lower-case form used in CSV files: "high", "medium", "low". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "high" / "medium" / "low" (any case); empty when the text is none of them. */
    public static java.util.Optional<ResourceLevel> parse(String text) {
        for (ResourceLevel level : values()) {
            if (level.label().equalsIgnoreCase(text.strip())) {
                return java.util.Optional.of(level);
            }
        }
        return java.util.Optional.empty();
    }
}
