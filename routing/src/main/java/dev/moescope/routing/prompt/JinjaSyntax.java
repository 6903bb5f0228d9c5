package dev.moescope.routing.prompt;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two rewrites of a Jinja template's source for the parts of Python Jinja's expression syntax that Jinjava's
 * parser lacks, both meaning-preserving:
 * <ul>
 *   <li>{@code seq[::-1]} (a reversed slice) becomes {@code (seq|reverse)};</li>
 *   <li>a keyword argument's value is parenthesised, {@code namespace(i=messages|length - 1)} becomes
 *       {@code namespace(i=(messages|length - 1))}: Jinjava parses a keyword value as a single primary
 *       expression, so the {@code - 1} would apply to the keyword pair itself.</li>
 * </ul>
 * Text outside {@code {{ }}} and {@code {% %}} is never touched; string literals inside them are skipped.
 * Any other stepped slice ({@code [::2]}) is refused rather than rendered differently.
 */
final class JinjaSyntax {

    private static final Pattern REVERSED = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\[::-1\\]");
    private static final Pattern STEPPED = Pattern.compile("\\[[^\\]\\['\"]*:[^\\]\\['\"]*:[^\\]\\['\"]*\\]");
    private static final Pattern TAG = Pattern.compile("(\\{\\{|\\{%)(.*?)(\\}\\}|%\\})", Pattern.DOTALL);
    private static final Pattern MACRO = Pattern.compile("^-?\\s*(macro|call)\\b");

    private JinjaSyntax() {
    }

    /** The template source with both rewrites applied inside its tags. */
    static String rewrite(String source) {
        Matcher m = TAG.matcher(source);
        StringBuilder out = new StringBuilder(source.length() + 64);
        int last = 0;
        while (m.find()) {
            out.append(source, last, m.start());
            String body = m.group(2);
            if (m.group(1).equals("{%") && MACRO.matcher(body.stripLeading()).find()) {
                out.append(m.group()); // macro signatures keep their own default-value syntax
            } else {
                out.append(m.group(1)).append(rewriteExpression(body)).append(m.group(3));
            }
            last = m.end();
        }
        return out.append(source.substring(last)).toString();
    }

    static String rewriteExpression(String expr) {
        String reversed = outsideStrings(expr, part -> REVERSED.matcher(part).replaceAll("($1|reverse)"));
        outsideStrings(reversed, part -> {
            if (STEPPED.matcher(part).find()) {
                throw new IllegalArgumentException("chat template: a stepped slice other than [::-1] is not supported: "
                        + expr.strip());
            }
            return part;
        });
        return parenthesiseKeywordValues(reversed);
    }

    /** Applies {@code f} to the runs of {@code s} outside string literals. */
    private static String outsideStrings(String s, java.util.function.UnaryOperator<String> f) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            int q = nextQuote(s, i);
            out.append(f.apply(s.substring(i, q)));
            if (q == s.length()) {
                break;
            }
            int end = stringEnd(s, q);
            out.append(s, q, end);
            i = end;
        }
        return out.toString();
    }

    private static int nextQuote(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '\'' || s.charAt(i) == '"') {
                return i;
            }
        }
        return s.length();
    }

    /** Index just past the string literal starting at {@code q} (backslash escapes honoured). */
    private static int stringEnd(String s, int q) {
        char quote = s.charAt(q);
        for (int i = q + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                return i + 1;
            }
        }
        return s.length();
    }

    /** Wraps the value of every {@code name=value} inside parentheses (a call's keyword argument) in parentheses. */
    static String parenthesiseKeywordValues(String expr) {
        StringBuilder out = new StringBuilder(expr.length() + 8);
        java.util.ArrayDeque<Character> brackets = new java.util.ArrayDeque<>(); // open brackets; 'k' = inside a keyword value
        int i = 0;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '\'' || c == '"') {
                int end = stringEnd(expr, i);
                out.append(expr, i, end);
                i = end;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                brackets.push(c);
            } else if (c == ')' || c == ']' || c == '}') {
                closeKeyword(brackets, out);
                if (!brackets.isEmpty()) {
                    brackets.pop();
                }
            } else if (c == ',') {
                closeKeyword(brackets, out);
            } else if (c == '=' && isKeywordEquals(expr, i) && !brackets.isEmpty() && brackets.peek() == '(') {
                out.append("=(");
                brackets.push('k');
                i++;
                continue;
            }
            out.append(c);
            i++;
        }
        closeKeyword(brackets, out);
        return out.toString();
    }

    private static void closeKeyword(java.util.ArrayDeque<Character> brackets, StringBuilder out) {
        if (!brackets.isEmpty() && brackets.peek() == 'k') {
            brackets.pop();
            out.append(')');
        }
    }

    /** A single '=' after an identifier: not ==, !=, <=, >=. */
    private static boolean isKeywordEquals(String s, int i) {
        if (i + 1 < s.length() && s.charAt(i + 1) == '=') {
            return false;
        }
        int j = i - 1;
        while (j >= 0 && Character.isWhitespace(s.charAt(j))) {
            j--;
        }
        if (j < 0 || !(Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
            return false;
        }
        char before = s.charAt(j);
        return before != '=' && before != '!' && before != '<' && before != '>';
    }
}
