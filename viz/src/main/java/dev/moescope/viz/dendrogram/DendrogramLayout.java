package dev.moescope.viz.dendrogram;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Geometry of a dendrogram independent of drawing: the display order of leaves (depth-first from the
 * root, left child first), each node's position across the leaves (leaf = its display index,
 * merge = mean of its children) and its height, and the clusters cut at a height.
 */
public final class DendrogramLayout {
    private final Dendrogram tree;
    private final int n;
    private final int[] leafOrder;   // [n] leaf ids top to bottom
    private final double[] position; // [2n-1] position in leaf-index units
    private final double[] height;   // [2n-1] merge height, 0 for leaves
    private final int[] parent;      // [2n-1] parent node, -1 for the root

    public DendrogramLayout(Dendrogram tree) {
        this.tree = tree;
        this.n = tree.leafCount();
        int nodes = 2 * n - 1;
        position = new double[nodes];
        height = new double[nodes];
        parent = new int[nodes];
        java.util.Arrays.fill(parent, -1);
        for (int k = 0; k < n - 1; k++) {
            Dendrogram.Merge m = tree.merges().get(k);
            height[n + k] = m.height();
            parent[m.left()] = n + k;
            parent[m.right()] = n + k;
        }
        leafOrder = new int[n];
        int next = 0;
        Deque<Integer> stack = new ArrayDeque<>();
        stack.push(nodes - 1);
        while (!stack.isEmpty()) { // iterative DFS: push right first so left comes out first
            int node = stack.pop();
            if (node < n) {
                position[node] = next;
                leafOrder[next++] = node;
            } else {
                Dendrogram.Merge m = tree.merges().get(node - n);
                stack.push(m.right());
                stack.push(m.left());
            }
        }
        for (int k = 0; k < n - 1; k++) { // children always precede their merge
            Dendrogram.Merge m = tree.merges().get(k);
            position[n + k] = (position[m.left()] + position[m.right()]) / 2;
        }
    }

    public Dendrogram tree() { return tree; }

    /** Leaf ids from top to bottom. */
    public int[] leafOrder() { return leafOrder.clone(); }

    public double position(int node) { return position[node]; }

    public double height(int node) { return height[node]; }

    /**
     * Clusters when cutting at {@code cut}: maximal subtrees whose merge height is <= cut (a leaf whose
     * first merge is above the cut is a cluster by itself). Each cluster lists its leaf ids in display
     * order; clusters are ordered top to bottom. NaN or a cut above the root gives one cluster.
     */
    public List<List<Integer>> clustersAt(double cut) {
        List<List<Integer>> clusters = new ArrayList<>();
        List<Integer> current = null;
        int currentTop = -2;
        for (int leaf : leafOrder) {
            int top = clusterRoot(leaf, cut);
            if (top != currentTop) {
                current = new ArrayList<>();
                clusters.add(current);
                currentTop = top;
            }
            current.add(leaf);
        }
        return clusters;
    }

    /** Cluster index (as in {@link #clustersAt}) of each leaf id. */
    public int[] clusterOfLeaf(double cut) {
        int[] out = new int[n];
        List<List<Integer>> clusters = clustersAt(cut);
        for (int c = 0; c < clusters.size(); c++) {
            for (int leaf : clusters.get(c)) {
                out[leaf] = c;
            }
        }
        return out;
    }

    /** Highest ancestor of {@code leaf} (or the leaf) with height <= cut. */
    private int clusterRoot(int leaf, double cut) {
        int node = leaf;
        if (Double.isNaN(cut)) {
            return parent.length - 1;
        }
        while (parent[node] >= 0 && height[parent[node]] <= cut) {
            node = parent[node];
        }
        return node;
    }
}
