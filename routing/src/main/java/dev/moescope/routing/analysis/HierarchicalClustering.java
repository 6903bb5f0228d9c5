package dev.moescope.routing.analysis;

import java.util.ArrayList;
import java.util.List;

/**
 * Agglomerative clustering of a {@link DistanceMatrix} with {@link Linkage} average, complete or
 * Ward (all via Lance-Williams updates; O(n^3), fine for tens of languages).
 *
 * <p>Determinism: each active cluster lives in the slot of its smallest leaf index. At each step
 * the closest pair is found by scanning slots a &lt; b in row-major order and taking the first
 * minimum, so ties are broken towards clusters with smaller leaf indices.
 */
public final class HierarchicalClustering {

    private HierarchicalClustering() {
    }

    public static Dendrogram cluster(DistanceMatrix distances, Linkage linkage) {
        int n = distances.size();
        // Working distances between slots; squared for Ward so the update is linear in them.
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = distances.get(i, j);
                d[i][j] = linkage == Linkage.WARD ? x * x : x;
            }
        }
        boolean[] active = new boolean[n];
        int[] size = new int[n];
        int[] nodeId = new int[n];
        for (int i = 0; i < n; i++) {
            active[i] = true;
            size[i] = 1;
            nodeId[i] = i;
        }
        List<Dendrogram.Merge> merges = new ArrayList<>();
        for (int step = 0; step < n - 1; step++) {
            int bestA = -1;
            int bestB = -1;
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < n; a++) {
                if (!active[a]) {
                    continue;
                }
                for (int b = a + 1; b < n; b++) {
                    if (active[b] && d[a][b] < best) {
                        best = d[a][b];
                        bestA = a;
                        bestB = b;
                    }
                }
            }
            // Ward's update keeps squared distances >= 0 in exact arithmetic; clamp rounding noise.
            double height = linkage == Linkage.WARD ? Math.sqrt(Math.max(0.0, best)) : best;
            int na = size[bestA];
            int nb = size[bestB];
            for (int k = 0; k < n; k++) {
                if (!active[k] || k == bestA || k == bestB) {
                    continue;
                }
                double updated = switch (linkage) {
                    case AVERAGE -> (na * d[k][bestA] + nb * d[k][bestB]) / (na + nb);
                    case COMPLETE -> Math.max(d[k][bestA], d[k][bestB]);
                    case WARD -> ((na + size[k]) * d[k][bestA] + (nb + size[k]) * d[k][bestB] - size[k] * best)
                            / (na + nb + size[k]);
                };
                d[k][bestA] = d[bestA][k] = updated;
            }
            merges.add(new Dendrogram.Merge(nodeId[bestA], nodeId[bestB], height, na + nb));
            active[bestB] = false;
            size[bestA] = na + nb;
            nodeId[bestA] = n + step;
        }
        return new Dendrogram(distances.labels(), linkage, merges);
    }
}
