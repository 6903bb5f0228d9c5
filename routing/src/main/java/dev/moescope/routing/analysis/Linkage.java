package dev.moescope.routing.analysis;

/**
 * How the distance between two clusters is derived from item distances.
 *
 * <ul>
 *   <li>AVERAGE (UPGMA): mean distance over all cross-cluster item pairs.</li>
 *   <li>COMPLETE: largest cross-cluster item distance.</li>
 *   <li>WARD: Lance-Williams update on <em>squared</em> distances,
 *       d²(k, i∪j) = ((n_i + n_k) d²(k, i) + (n_j + n_k) d²(k, j) - n_k d²(i, j)) / (n_i + n_j + n_k);
 *       the merge height is the square root of d²(i, j), as in SciPy's {@code ward}. It is meant
 *       for Euclidean-like distances; with others the heights are still well defined.</li>
 * </ul>
 */
public enum Linkage { AVERAGE, COMPLETE, WARD }
