package dev.moescope.routing.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Result of agglomerative clustering of n labelled leaves.
 *
 * <p>Node ids follow SciPy's convention: leaves are 0..n-1 (the label indices), the cluster made
 * by merge i is node n + i, and the last merge is the root. In each merge {@code left} is the
 * cluster containing the smaller leaf index.
 *
 * @param labels  leaf names
 * @param linkage linkage that built the tree
 * @param merges  n - 1 merges in the order they were made; heights never decrease
 */
public record Dendrogram(List<String> labels, Linkage linkage, List<Dendrogram.Merge> merges) {

    /**
     * @param left   node id of one child
     * @param right  node id of the other child
     * @param height linkage distance at which the two were joined
     * @param size   number of leaves under the new node
     */
    public record Merge(int left, int right, double height, int size) {
    }

    public Dendrogram {
        labels = List.copyOf(labels);
        merges = List.copyOf(merges);
        if (merges.size() != labels.size() - 1) {
            throw new IllegalArgumentException("a dendrogram of " + labels.size() + " leaves needs " + (labels.size() - 1) + " merges, got " + merges.size());
        }
        int n = labels.size();
        boolean[] used = new boolean[2 * n - 1];
        for (int i = 0; i < merges.size(); i++) {
            Merge m = merges.get(i);
            for (int child : new int[] {m.left(), m.right()}) {
                if (child < 0 || child >= n + i || used[child]) {
                    throw new IllegalArgumentException("dendrogram merge " + i + " joins node " + child
                            + ", which is not an existing, unmerged node (nodes 0.." + (n + i - 1) + " exist at that point)");
                }
                used[child] = true;
            }
            if (!Double.isFinite(m.height())) {
                throw new IllegalArgumentException("dendrogram merge " + i + " has height " + m.height());
            }
        }
    }

    public int leafCount() {
        return labels.size();
    }

    /** Id of the root node (leaf 0 when there is a single leaf). */
    public int root() {
        return labels.size() == 1 ? 0 : 2 * labels.size() - 2;
    }

    /** Height of a node: 0 for a leaf, the merge height otherwise. */
    public double height(int node) {
        return node < labels.size() ? 0.0 : merges.get(node - labels.size()).height();
    }

    /**
     * Leaves in drawing order: depth-first from the root, left child before right. Adjacent
     * positions in this order never cross when the tree is drawn.
     */
    public int[] leafOrder() {
        List<Integer> order = new ArrayList<>();
        collectLeaves(root(), order);
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private void collectLeaves(int node, List<Integer> out) {
        if (node < labels.size()) {
            out.add(node);
            return;
        }
        Merge m = merges.get(node - labels.size());
        collectLeaves(m.left(), out);
        collectLeaves(m.right(), out);
    }

    /**
     * Horizontal drawing position of every node, by node id: a leaf sits at its position in
     * {@link #leafOrder()} (0, 1, ...), a merge midway between its two children. Together with
     * {@link #height(int)} this places every node of a drawn dendrogram.
     */
    public double[] nodePositions() {
        int n = labels.size();
        double[] x = new double[2 * n - 1];
        int[] order = leafOrder();
        for (int position = 0; position < order.length; position++) {
            x[order[position]] = position;
        }
        for (int i = 0; i < merges.size(); i++) {
            Merge m = merges.get(i);
            x[n + i] = 0.5 * (x[m.left()] + x[m.right()]);
        }
        return x;
    }

    /** Leaf labels in {@link #leafOrder()}. */
    public List<String> orderedLabels() {
        List<String> ordered = new ArrayList<>();
        for (int leaf : leafOrder()) {
            ordered.add(labels.get(leaf));
        }
        return ordered;
    }

    /**
     * Cuts the tree into {@code clusters} groups by undoing the last clusters - 1 merges.
     * Returns the cluster number of each leaf (by leaf index); clusters are numbered 0, 1, ... in
     * the order of their smallest leaf index. When merge heights tie, the merge order decides.
     */
    public int[] cut(int clusters) {
        int n = labels.size();
        if (clusters < 1 || clusters > n) {
            throw new IllegalArgumentException("cannot cut a dendrogram of " + n + " leaves into " + clusters + " clusters");
        }
        // Union the first n - clusters merges; each node's representative is its smallest leaf.
        int[] representative = new int[2 * n - 1];
        for (int leaf = 0; leaf < n; leaf++) {
            representative[leaf] = leaf;
        }
        int[] parentOfLeaf = new int[n];
        for (int leaf = 0; leaf < n; leaf++) {
            parentOfLeaf[leaf] = leaf;
        }
        for (int i = 0; i < n - clusters; i++) {
            Merge m = merges.get(i);
            int a = representative[m.left()];
            int b = representative[m.right()];
            int keep = Math.min(a, b);
            int drop = Math.max(a, b);
            for (int leaf = 0; leaf < n; leaf++) {
                if (parentOfLeaf[leaf] == drop) {
                    parentOfLeaf[leaf] = keep;
                }
            }
            representative[n + i] = keep;
        }
        int[] cluster = new int[n];
        int[] numberOf = new int[n];
        java.util.Arrays.fill(numberOf, -1);
        int next = 0;
        for (int leaf = 0; leaf < n; leaf++) {
            int rep = parentOfLeaf[leaf];
            if (numberOf[rep] < 0) {
                numberOf[rep] = next++;
            }
            cluster[leaf] = numberOf[rep];
        }
        return cluster;
    }

    /** [i][j] cophenetic distance: the height of the merge that first joins leaves i and j. */
    public double[][] copheneticDistances() {
        int n = labels.size();
        double[][] c = new double[n][n];
        List<List<Integer>> members = new ArrayList<>();
        for (int leaf = 0; leaf < n; leaf++) {
            members.add(List.of(leaf));
        }
        for (Merge m : merges) {
            List<Integer> left = members.get(m.left());
            List<Integer> right = members.get(m.right());
            for (int i : left) {
                for (int j : right) {
                    c[i][j] = c[j][i] = m.height();
                }
            }
            List<Integer> joined = new ArrayList<>(left);
            joined.addAll(right);
            members.add(joined);
        }
        return c;
    }

    /** Newick text with branch lengths; see {@link NewickWriter}. */
    public String toNewick() {
        return NewickWriter.write(this);
    }
}
