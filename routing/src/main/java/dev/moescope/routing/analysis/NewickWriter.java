package dev.moescope.routing.analysis;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Writes a {@link Dendrogram} as Newick text, e.g. {@code ((en:0.1,de:0.1):0.3,zh:0.4);}.
 *
 * <p>Branch length of a node = height of its parent - its own height (leaves have height 0);
 * the root has no branch length. Lengths are written in plain decimal notation rounded to 6
 * decimals without trailing zeros. Children are written left, then right (see
 * {@link Dendrogram.Merge}). A label is written bare when it consists only of letters, digits and
 * {@code - . / + *}; otherwise it is single-quoted with embedded quotes doubled (so spaces,
 * underscores, which bare Newick reads as spaces, and punctuation survive).
 */
public final class NewickWriter {

    private NewickWriter() {
    }

    public static String write(Dendrogram tree) {
        StringBuilder out = new StringBuilder();
        writeNode(tree, tree.root(), Double.NaN, out);
        return out.append(';').toString();
    }

    private static void writeNode(Dendrogram tree, int node, double parentHeight, StringBuilder out) {
        int n = tree.leafCount();
        if (node < n) {
            out.append(label(tree.labels().get(node)));
        } else {
            Dendrogram.Merge m = tree.merges().get(node - n);
            out.append('(');
            writeNode(tree, m.left(), m.height(), out);
            out.append(',');
            writeNode(tree, m.right(), m.height(), out);
            out.append(')');
        }
        if (!Double.isNaN(parentHeight)) {
            out.append(':').append(length(parentHeight - tree.height(node)));
        }
    }

    /** A Newick label: bare when safe, otherwise quoted. */
    public static String label(String name) {
        boolean bare = !name.isEmpty();
        for (int i = 0; i < name.length() && bare; i++) {
            char c = name.charAt(i);
            bare = Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '/' || c == '+' || c == '*';
        }
        return bare ? name : "'" + name.replace("'", "''") + "'";
    }

    static String length(double value) {
        // Non-decreasing heights make lengths >= 0 up to rounding; never print "-0".
        double clamped = Math.max(0.0, value);
        return BigDecimal.valueOf(clamped).setScale(6, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
