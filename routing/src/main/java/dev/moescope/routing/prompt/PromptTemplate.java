package dev.moescope.routing.prompt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A prompt built from named fields of a corpus record, written like Python's {@code str.format}:
 * {@code "{flores_passage}\n{question}\nA. {mc_answer1}"}; {@code {{} and {@code }}} are literal braces. A
 * field the record lacks is an error naming it and the fields the record has.
 */
public final class PromptTemplate {

    private final String source;
    private final List<Object> parts = new ArrayList<>(); // String literal or Field

    private record Field(String name) {
    }

    public PromptTemplate(String source) {
        this.source = source;
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < source.length() && source.charAt(i + 1) == c) {
                literal.append(c);
                i++;
            } else if (c == '{') {
                int end = source.indexOf('}', i);
                String name = end < 0 ? "" : source.substring(i + 1, end).strip();
                if (end < 0 || name.isEmpty() || name.contains("{")) {
                    throw new IllegalArgumentException("prompt template: '{' at " + i + " opens no {field} (write {{ for a brace): " + source);
                }
                parts.add(literal.toString());
                literal.setLength(0);
                parts.add(new Field(name));
                i = end;
            } else if (c == '}') {
                throw new IllegalArgumentException("prompt template: '}' at " + i + " closes nothing (write }} for a brace): " + source);
            } else {
                literal.append(c);
            }
        }
        parts.add(literal.toString());
    }

    /** The template as given. */
    public String source() {
        return source;
    }

    /** The field names it uses, in order. */
    public List<String> fields() {
        return parts.stream().filter(p -> p instanceof Field).map(p -> ((Field) p).name()).toList();
    }

    /** The prompt for one record ({@code field -> text}). */
    public String render(Map<String, String> record) {
        StringBuilder out = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof Field f) {
                String value = record.get(f.name());
                if (value == null) {
                    throw new IllegalArgumentException("prompt template: the record has no field \"" + f.name()
                            + "\"; it has " + record.keySet());
                }
                out.append(value);
            } else {
                out.append((String) p);
            }
        }
        return out.toString();
    }

    /** Turns the escapes a shell argument carries into characters: \n newline, \t tab, \\ backslash. */
    public static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(i + 1);
                switch (n) {
                    case 'n' -> { out.append('\n'); i++; }
                    case 't' -> { out.append('\t'); i++; }
                    case '\\' -> { out.append('\\'); i++; }
                    default -> out.append(c);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
