package dev.moescope.app.steering;

/** Prompts from corpus segments (headless): the opening words of a segment, short enough to leave room to continue. */
public final class PromptSamples {
    /** At most this many characters of a segment become the prompt. */
    public static final int MAX_CHARS = 64;

    private PromptSamples() {
    }

    /**
     * The opening of {@code segment}: cut at the last space before {@link #MAX_CHARS} characters (after at least a
     * third of them), else after {@code MAX_CHARS / 2} code points for scripts written without spaces.
     */
    public static String opening(String segment) {
        String s = segment.strip();
        if (s.length() <= MAX_CHARS) {
            return s;
        }
        int space = s.lastIndexOf(' ', MAX_CHARS);
        if (space >= MAX_CHARS / 3) {
            return s.substring(0, space);
        }
        int end = s.offsetByCodePoints(0, Math.min(MAX_CHARS / 2, s.codePointCount(0, s.length())));
        return s.substring(0, end);
    }
}
