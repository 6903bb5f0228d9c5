package dev.moescope.routing.prompt;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Python's {@code str} methods as chat templates call them ({@code content.startswith('<tool_response>')},
 * {@code content.split('</think>')[-1].lstrip('\n')}). Jinjava would otherwise call the Java methods of
 * {@link String}, which have other names or other meanings ({@code split} takes a regex and drops trailing
 * empty strings). Placed before Jinjava's own resolver; anything else falls through to it.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
        if (!(base instanceof String s) || method == null) {
            return null;
        }
        Object[] p = params == null ? new Object[0] : params;
        Object result = switch (method.toString()) {
            case "startswith" -> anyPrefix(s, p[0], true);
            case "endswith" -> anyPrefix(s, p[0], false);
            case "strip" -> rstrip(lstrip(s, chars(p)), chars(p));
            case "lstrip" -> lstrip(s, chars(p));
            case "rstrip" -> rstrip(s, chars(p));
            case "split" -> p.length == 0 || p[0] == null ? splitWhitespace(s) : split(s, p[0].toString(),
                    p.length > 1 ? ((Number) p[1]).intValue() : -1);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "replace" -> s.replace(p[0].toString(), p[1].toString());
            case "find" -> (long) s.indexOf(p[0].toString());
            default -> null;
        };
        if (result != null) {
            context.setPropertyResolved(true);
        }
        return result;
    }

    private static boolean anyPrefix(String s, Object arg, boolean start) {
        if (arg instanceof Iterable<?> options) { // Python accepts a tuple of prefixes
            for (Object o : options) {
                if (start ? s.startsWith(o.toString()) : s.endsWith(o.toString())) {
                    return true;
                }
            }
            return false;
        }
        return start ? s.startsWith(arg.toString()) : s.endsWith(arg.toString());
    }

    /** The characters to strip, or null for Python's default (whitespace). */
    private static String chars(Object[] p) {
        return p.length == 0 || p[0] == null ? null : p[0].toString();
    }

    private static boolean strips(String chars, int codePoint) {
        return chars == null ? Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)
                : chars.indexOf(codePoint) >= 0;
    }

    static String lstrip(String s, String chars) {
        int i = 0;
        while (i < s.length() && strips(chars, s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        return s.substring(i);
    }

    static String rstrip(String s, String chars) {
        int i = s.length();
        while (i > 0 && strips(chars, s.codePointBefore(i))) {
            i -= Character.charCount(s.codePointBefore(i));
        }
        return s.substring(0, i);
    }

    /** Python's {@code s.split(sep, maxsplit)}: literal separator, empty pieces kept. */
    static List<String> split(String s, String sep, int maxSplit) {
        if (sep.isEmpty()) {
            throw new IllegalArgumentException("chat template: split() got an empty separator");
        }
        List<String> out = new ArrayList<>();
        int from = 0;
        int at;
        while ((maxSplit < 0 || out.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** Python's {@code s.split()}: runs of whitespace separate, no empty pieces. */
    static List<String> splitWhitespace(String s) {
        List<String> out = new ArrayList<>();
        for (String piece : s.strip().split("\\s+")) {
            if (!piece.isEmpty()) {
                out.add(piece);
            }
        }
        return out;
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {
        // read-only: never resolves a property
    }

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
