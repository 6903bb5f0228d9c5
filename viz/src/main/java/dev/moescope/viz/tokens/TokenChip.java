package dev.moescope.viz.tokens;

import java.util.Objects;

/**
 * One generated or input token.
 *
 * @param text      decoded token text (raw: spaces and newlines are made visible by the view)
 * @param topExpert top-1 expert id at the chosen layer, or -1 if unknown (neutral colour)
 * @param different marked as differing (e.g. steered output vs baseline)
 */
public record TokenChip(String text, int topExpert, boolean different) {
    public TokenChip {
        Objects.requireNonNull(text, "token text");
    }
}
