package dev.moescope.viz.tokens;

/** Makes whitespace and control characters in decoded tokens visible. */
public final class TokenText {
    private TokenText() {}

    /**
     * Space "·", newline "↵", tab "→", carriage return "␍", other control characters as {@code \\uXXXX};
     * the empty string as "∅".
     */
    public static String visible(String raw) {
        if (raw.isEmpty()) {
            return "∅";
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case ' ' -> sb.append('·');
                case '\n' -> sb.append('↵');
                case '\t' -> sb.append('→');
                case '\r' -> sb.append('␍');
                default -> {
                    if (Character.isISOControl(c)) {
                        sb.append(String.format("\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Whether the flow should break the line after this token (it ends with a newline). */
    static boolean endsLine(String raw) {
        return raw.endsWith("\n");
    }
}
