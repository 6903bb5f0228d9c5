package dev.moescope.routing.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well a clustering fits the data it came from and a known grouping (language families).
 *
 * <p>Partitions are given as int arrays of group numbers, one per item; only equality of the
 * numbers matters.
 */
public final class ClusterAgreement {

    private ClusterAgreement() {
    }

    /**
     * Agreement of a dendrogram with language families.
     *
     * @param familyCount       number of distinct families among the leaves (= number of clusters cut)
     * @param families          family of each leaf, by leaf index
     * @param clusters          cluster number of each leaf after the cut, by leaf index
     * @param adjustedRandIndex ARI of clusters vs families
     * @param purity            family purity of the clusters
     */
    public record FamilyAgreement(int familyCount, List<String> families, int[] clusters, double adjustedRandIndex, double purity) {
    }

    /**
     * Cuts the dendrogram into as many clusters as there are families among its leaves and
     * compares the cut with the families.
     *
     * @param familyOf language code -&gt; family name; must cover every leaf label
     */
    public static FamilyAgreement withFamilies(Dendrogram tree, Map<String, String> familyOf) {
        List<String> families = new ArrayList<>();
        Map<String, Integer> familyNumber = new LinkedHashMap<>();
        int[] familyOfLeaf = new int[tree.leafCount()];
        for (int leaf = 0; leaf < tree.leafCount(); leaf++) {
            String label = tree.labels().get(leaf);
            String family = familyOf.get(label);
            if (family == null) {
                throw new IllegalArgumentException("no language family given for '" + label + "'");
            }
            families.add(family);
            familyOfLeaf[leaf] = familyNumber.computeIfAbsent(family, f -> familyNumber.size());
        }
        int[] clusters = tree.cut(familyNumber.size());
        return new FamilyAgreement(familyNumber.size(), families, clusters,
                adjustedRandIndex(clusters, familyOfLeaf), purity(clusters, familyOfLeaf));
    }

    /**
     * Adjusted Rand index (Hubert and Arabie 1985) from the contingency table n_ij:
     * ARI = (sum C(n_ij,2) - E) / (0.5 (sum C(a_i,2) + sum C(b_j,2)) - E),
     * E = sum C(a_i,2) sum C(b_j,2) / C(n,2). 1 for identical partitions, ~0 for chance, can be
     * negative. When the denominator is 0 (both partitions all singletons or both one cluster, or
     * fewer than two items) the partitions are identical and the result is 1.
     */
    public static double adjustedRandIndex(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("partitions of different sizes: " + a.length + " vs " + b.length);
        }
        Map<Long, Integer> cells = new HashMap<>();
        Map<Integer, Integer> rows = new HashMap<>();
        Map<Integer, Integer> columns = new HashMap<>();
        for (int i = 0; i < a.length; i++) {
            cells.merge(((long) a[i] << 32) ^ (b[i] & 0xffffffffL), 1, Integer::sum);
            rows.merge(a[i], 1, Integer::sum);
            columns.merge(b[i], 1, Integer::sum);
        }
        double index = cells.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
        double rowPairs = rows.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
        double columnPairs = columns.values().stream().mapToDouble(ClusterAgreement::pairs).sum();
        double total = pairs(a.length);
        double expected = total == 0 ? 0 : rowPairs * columnPairs / total;
        double max = 0.5 * (rowPairs + columnPairs);
        if (max == expected) {
            return 1.0;
        }
        return (index - expected) / (max - expected);
    }

    /**
     * Purity of clusters with respect to classes: (1/n) sum over clusters of the size of the
     * cluster's largest class. 1 when every cluster holds one class.
     */
    public static double purity(int[] clusters, int[] classes) {
        if (clusters.length != classes.length || clusters.length == 0) {
            throw new IllegalArgumentException("purity needs two non-empty partitions of the same size, got " + clusters.length + " and " + classes.length);
        }
        Map<Integer, Map<Integer, Integer>> table = new HashMap<>();
        for (int i = 0; i < clusters.length; i++) {
            table.computeIfAbsent(clusters[i], c -> new HashMap<>()).merge(classes[i], 1, Integer::sum);
        }
        int majority = 0;
        for (Map<Integer, Integer> row : table.values()) {
            majority += row.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        }
        return (double) majority / clusters.length;
    }

    /**
     * Cophenetic correlation: Pearson correlation between the original distances and the
     * dendrogram's cophenetic distances over all pairs i &lt; j. NaN when either set of distances is
     * constant (for example with fewer than three leaves), since the correlation is then undefined.
     */
    public static double copheneticCorrelation(DistanceMatrix distances, Dendrogram tree) {
        int n = distances.size();
        if (tree.leafCount() != n) {
            throw new IllegalArgumentException("dendrogram has " + tree.leafCount() + " leaves but the distance matrix " + n + " items");
        }
        double[][] c = tree.copheneticDistances();
        int pairs = n * (n - 1) / 2;
        double[] x = new double[pairs];
        double[] y = new double[pairs];
        int p = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                x[p] = distances.get(i, j);
                y[p] = c[i][j];
                p++;
            }
        }
        return pearson(x, y);
    }

    /** Pearson correlation; NaN when either series is constant or empty. */
    public static double pearson(double[] x, double[] y) {
        int n = x.length;
        if (n == 0) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double pairs(int count) {
        return count * (count - 1) / 2.0;
    }
}
