package dev.moescope.bridge;

/** Receives generated tokens as they are produced (on the model's inference thread). */
@FunctionalInterface
public interface TokenListener {

    /**
     * @param id    the token id
     * @param text  the text this token adds to the decoded output so far (may be empty while a UTF-8
     *              character is incomplete)
     * @param index 0-based index among the generated tokens
     */
    void onToken(int id, String text, int index);

    TokenListener NONE = (id, text, index) -> { };
}
