package dev.moescope.app.steering;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word-level difference of two texts (headless): both are cut into units (a run of letters, digits and marks; one
 * character of a script written without spaces; one punctuation character; a run of white space), the longest
 * common subsequence of the units is kept, and every unit outside it is "changed". Adjacent units with the same
 * flag are merged into spans, so a view shows each text as a few runs of plain and highlighted text.
 */
public final class TextDiff {

    /** A run of text, highlighted when {@code changed}. */
    public record Span(String text, boolean changed) {}

    /** The two texts as spans, and how many of the steered text's words (units with a letter or digit) changed. */
    public record Result(List<Span> baseline, List<Span> steered, int changedWords, int steeredWords) {
        public static final Result EMPTY = new Result(List.of(), List.of(), 0, 0);

        /** The steered text's changed words as "n of m words differ", or that it equals the baseline. */
        public String summary() {
            return changedWords == 0 ? "Steered output equals the baseline"
                    : changedWords + " of " + steeredWords + " words differ";
        }
    }

    // scripts written without spaces between words: one character per unit
    private static final String UNSPACED = "\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsThai}\\p{IsLao}\\p{IsKhmer}\\p{IsMyanmar}";
    private static final Pattern UNIT = Pattern.compile(
            "\\s+|[" + UNSPACED + "]|[\\p{L}\\p{M}\\p{N}&&[^" + UNSPACED + "]]+|.", Pattern.DOTALL);

    private TextDiff() {
    }

    /** The units of a text, in order; they concatenate to the text. */
    public static List<String> units(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = UNIT.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    public static Result diff(String baseline, String steered) {
        List<String> a = units(baseline);
        List<String> b = units(steered);
        boolean[][] keep = lcs(a, b);
        int words = 0;
        int changed = 0;
        for (int j = 0; j < b.size(); j++) {
            if (b.get(j).codePoints().anyMatch(Character::isLetterOrDigit)) { // punctuation and spaces are not words
                words++;
                if (!keep[1][j]) {
                    changed++;
                }
            }
        }
        return new Result(spans(a, keep[0]), spans(b, keep[1]), changed, words);
    }

    /** [0][i]: unit i of a is in the common subsequence; [1][j] the same for b. */
    private static boolean[][] lcs(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int[][] len = new int[n + 1][m + 1]; // len[i][j]: LCS of a[i..] and b[j..]
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                len[i][j] = a.get(i).equals(b.get(j)) ? len[i + 1][j + 1] + 1 : Math.max(len[i + 1][j], len[i][j + 1]);
            }
        }
        boolean[] inA = new boolean[n];
        boolean[] inB = new boolean[m];
        for (int i = 0, j = 0; i < n && j < m; ) {
            if (a.get(i).equals(b.get(j))) {
                inA[i++] = true;
                inB[j++] = true;
            } else if (len[i + 1][j] >= len[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        // white space between two changed units reads as part of the change
        for (boolean[] in : new boolean[][] {inA, inB}) {
            List<String> units = in == inA ? a : b;
            for (int k = 1; k + 1 < in.length; k++) {
                if (units.get(k).isBlank() && !in[k - 1] && !in[k + 1]) {
                    in[k] = false;
                }
            }
        }
        return new boolean[][] {inA, inB};
    }

    private static List<Span> spans(List<String> units, boolean[] kept) {
        List<Span> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        boolean changed = false;
        for (int k = 0; k < units.size(); k++) {
            boolean c = !kept[k];
            if (run.length() > 0 && c != changed) {
                out.add(new Span(run.toString(), changed));
                run.setLength(0);
            }
            changed = c;
            run.append(units.get(k));
        }
        if (run.length() > 0) {
            out.add(new Span(run.toString(), changed));
        }
        return List.copyOf(out);
    }
}
