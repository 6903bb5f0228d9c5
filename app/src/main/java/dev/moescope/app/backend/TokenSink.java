package dev.moescope.app.backend;

/** Receives generated tokens as they come, on the inference thread. */
@FunctionalInterface
public interface TokenSink {
    /** {@code index} counts new tokens from 0; {@code text} is the decoded text of this token. */
    void onToken(int index, int tokenId, String text);
}
