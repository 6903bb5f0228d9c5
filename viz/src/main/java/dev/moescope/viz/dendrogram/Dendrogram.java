package dev.moescope.viz.dendrogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A hierarchical clustering in the usual agglomerative encoding (as scipy's linkage matrix): leaves are
 * nodes {@code 0..n-1}; merge {@code k} (0-based, in merge order) creates node {@code n + k} joining
 * nodes {@code left} and {@code right} (each a leaf or an earlier merge) at {@code height}. n leaves
 * need exactly n - 1 merges; the last merge is the root.
 *
 * @param title      figure title
 * @param leafLabels label per leaf (e.g. language code)
 * @param leafGroups group per leaf (e.g. language family), colours the leaves; same size as the labels
 * @param merges     n - 1 merges
 */
public record Dendrogram(String title, List<String> leafLabels, List<String> leafGroups, List<Dendrogram.Merge> merges) {

    public record Merge(int left, int right, double height) {}

    public Dendrogram {
        Objects.requireNonNull(title, "title");
        leafLabels = List.copyOf(leafLabels);
        leafGroups = List.copyOf(leafGroups);
        merges = List.copyOf(merges);
        int n = leafLabels.size();
        if (n < 1) {
            throw new IllegalArgumentException(title + ": dendrogram has no leaves");
        }
        if (leafGroups.size() != n) {
            throw new IllegalArgumentException(title + ": " + n + " leaf labels but " + leafGroups.size() + " leaf groups");
        }
        if (merges.size() != n - 1) {
            throw new IllegalArgumentException(title + ": " + n + " leaves need " + (n - 1) + " merges, got " + merges.size());
        }
        boolean[] used = new boolean[2 * n - 1];
        for (int k = 0; k < merges.size(); k++) {
            Merge m = merges.get(k);
            for (int child : new int[] {m.left(), m.right()}) {
                if (child < 0 || child >= n + k) {
                    throw new IllegalArgumentException(title + ": merge " + k + " refers to node " + child
                            + ", which does not exist yet (valid: 0.." + (n + k - 1) + ")");
                }
                if (used[child]) {
                    throw new IllegalArgumentException(title + ": merge " + k + " reuses node " + child);
                }
                used[child] = true;
            }
            if (m.left() == m.right()) {
                throw new IllegalArgumentException(title + ": merge " + k + " joins node " + m.left() + " with itself");
            }
            if (!(m.height() >= 0) || Double.isInfinite(m.height())) {
                throw new IllegalArgumentException(title + ": merge " + k + " has height " + m.height()
                        + ", expected a finite value >= 0");
            }
        }
    }

    /**
     * From a scipy-style linkage matrix: row k = {left, right, height, count} (count is ignored).
     */
    public static Dendrogram fromLinkage(String title, List<String> leafLabels, List<String> leafGroups, double[][] z) {
        List<Merge> merges = new ArrayList<>(z.length);
        for (int k = 0; k < z.length; k++) {
            if (z[k].length < 3) {
                throw new IllegalArgumentException(title + ": linkage row " + k + " has " + z[k].length + " columns, need >= 3");
            }
            merges.add(new Merge((int) z[k][0], (int) z[k][1], z[k][2]));
        }
        return new Dendrogram(title, leafLabels, leafGroups, merges);
    }

    public int leafCount() {
        return leafLabels.size();
    }

    /** Height of the root merge (0 for a single leaf). */
    public double maxHeight() {
        return merges.stream().mapToDouble(Merge::height).max().orElse(0);
    }

    /** Distinct groups in order of first appearance (legend order, colour index). */
    public List<String> groups() {
        return leafGroups.stream().distinct().toList();
    }
}
