package dev.moescope.bridge;

/** Which lm_head outputs a forward call returns. */
public enum LogitsMode {
    /** One row per token. */
    ALL,
    /** Only the last token's row ({@code [1][V]}). */
    LAST,
    /** No logits (next-token log-probabilities are still filled). */
    NONE
}
