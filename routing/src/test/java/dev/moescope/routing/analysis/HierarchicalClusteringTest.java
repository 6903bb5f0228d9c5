package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class HierarchicalClusteringTest {

    private static final double TOL = 1e-12;

    /** A, B, C, D with d(AB)=2, d(CD)=4, d(AC)=6, d(AD)=10, d(BC)=8, d(BD)=12. */
    static DistanceMatrix fourItems() {
        return new DistanceMatrix(List.of("A", "B", "C", "D"), new double[][] {
                {0, 2, 6, 10},
                {2, 0, 8, 12},
                {6, 8, 0, 4},
                {10, 12, 4, 0}});
    }

    @Test
    void averageLinkage() {
        // 1) AB at 2 -> node 4; d(AB,C) = (6+8)/2 = 7, d(AB,D) = (10+12)/2 = 11
        // 2) CD at 4 -> node 5
        // 3) d(AB,CD) = (7 + 11)/2 = 9 = mean(6, 10, 8, 12) -> node 6 at 9
        Dendrogram tree = HierarchicalClustering.cluster(fourItems(), Linkage.AVERAGE);
        assertEquals(List.of(
                new Dendrogram.Merge(0, 1, 2, 2),
                new Dendrogram.Merge(2, 3, 4, 2),
                new Dendrogram.Merge(4, 5, 9, 4)), tree.merges());
        assertArrayEquals(new int[] {0, 1, 2, 3}, tree.leafOrder());
        assertEquals(6, tree.root());
    }

    @Test
    void completeLinkage() {
        // AB at 2; d(AB,C) = max(6,8) = 8, d(AB,D) = 12; CD at 4; d(AB,CD) = max(8,12) = 12
        Dendrogram tree = HierarchicalClustering.cluster(fourItems(), Linkage.COMPLETE);
        assertEquals(12, tree.merges().get(2).height(), TOL);
        assertEquals(4, tree.merges().get(1).height(), TOL);
    }

    @Test
    void wardLinkageUsesLanceWilliamsOnSquaredDistances() {
        // squared: AB 4, CD 16, AC 36, AD 100, BC 64, BD 144
        // 1) AB (d2 = 4, height 2):
        //    d2(C,AB) = ((1+1)36 + (1+1)64 - 1*4) / 3 = 196/3
        //    d2(D,AB) = ((1+1)100 + (1+1)144 - 1*4) / 3 = 484/3
        // 2) CD (d2 = 16, height 4):
        //    d2(AB,CD) = ((1+2)(196/3) + (1+2)(484/3) - 2*16) / (1+1+2) = (196 + 484 - 32)/4 = 162
        // 3) root at sqrt(162)
        Dendrogram tree = HierarchicalClustering.cluster(fourItems(), Linkage.WARD);
        assertEquals(2, tree.merges().get(0).height(), TOL);
        assertEquals(4, tree.merges().get(1).height(), TOL);
        assertEquals(Math.sqrt(162), tree.merges().get(2).height(), TOL);
    }

    @Test
    void leafOrderFollowsTheTreeNotTheInput() {
        // d(A,C) = 1 is smallest: AC joins first (node 3, left = A), then B at (4+3)/2 = 3.5.
        Dendrogram tree = HierarchicalClustering.cluster(threeLeaves(List.of("A", "B", "C")), Linkage.AVERAGE);
        assertEquals(List.of(new Dendrogram.Merge(0, 2, 1, 2), new Dendrogram.Merge(3, 1, 3.5, 3)), tree.merges());
        assertArrayEquals(new int[] {0, 2, 1}, tree.leafOrder());
        assertEquals(List.of("A", "C", "B"), tree.orderedLabels());
        // drawing positions by node id: A 0, B 2, C 1; node 3 = mid(A, C) = 0.5; root = mid(0.5, 2)
        assertArrayEquals(new double[] {0, 2, 1, 0.5, 1.25}, tree.nodePositions(), TOL);
    }

    @Test
    void dendrogramRejectsMergesOfUnknownOrReusedNodes() {
        List<String> labels = List.of("A", "B", "C");
        assertThrows(IllegalArgumentException.class, () -> new Dendrogram(labels, Linkage.AVERAGE,
                List.of(new Dendrogram.Merge(0, 1, 1, 2), new Dendrogram.Merge(0, 2, 2, 3))));
        assertThrows(IllegalArgumentException.class, () -> new Dendrogram(labels, Linkage.AVERAGE,
                List.of(new Dendrogram.Merge(0, 3, 1, 2), new Dendrogram.Merge(1, 2, 2, 3))));
        assertThrows(IllegalArgumentException.class, () -> new Dendrogram(labels, Linkage.AVERAGE,
                List.of(new Dendrogram.Merge(0, 1, 1, 2))));
    }

    @Test
    void newickOfThreeLeaves() {
        // branch lengths: A, C: 1 - 0; (A,C): 3.5 - 1 = 2.5; B: 3.5 - 0
        assertEquals("((A:1,C:1):2.5,B:3.5);",
                HierarchicalClustering.cluster(threeLeaves(List.of("A", "B", "C")), Linkage.AVERAGE).toNewick());
        // names that are not bare-safe are quoted, quotes doubled
        assertEquals("((en:1,'zh_Hans':1):2.5,'Old Norse (it''s)':3.5);",
                HierarchicalClustering.cluster(threeLeaves(List.of("en", "Old Norse (it's)", "zh_Hans")), Linkage.AVERAGE).toNewick());
    }

    @Test
    void newickLabelsAndLengths() {
        assertEquals("pt-BR", NewickWriter.label("pt-BR"));
        assertEquals("'a b'", NewickWriter.label("a b"));
        assertEquals("''", NewickWriter.label(""));
        assertEquals("0.333333", NewickWriter.length(1.0 / 3));
        assertEquals("0", NewickWriter.length(-1e-17));
        assertEquals("12", NewickWriter.length(12.0));
    }

    @Test
    void cutUndoesTheLastMerges() {
        Dendrogram tree = HierarchicalClustering.cluster(fourItems(), Linkage.AVERAGE);
        assertArrayEquals(new int[] {0, 0, 0, 0}, tree.cut(1));
        assertArrayEquals(new int[] {0, 0, 1, 1}, tree.cut(2));
        assertArrayEquals(new int[] {0, 0, 1, 2}, tree.cut(3));
        assertArrayEquals(new int[] {0, 1, 2, 3}, tree.cut(4));
        assertThrows(IllegalArgumentException.class, () -> tree.cut(5));
        Dendrogram three = HierarchicalClustering.cluster(threeLeaves(List.of("A", "B", "C")), Linkage.AVERAGE);
        assertArrayEquals(new int[] {0, 1, 0}, three.cut(2));
    }

    @Test
    void copheneticDistancesAreMergeHeights() {
        double[][] c = HierarchicalClustering.cluster(fourItems(), Linkage.AVERAGE).copheneticDistances();
        assertArrayEquals(new double[] {0, 2, 9, 9}, c[0], TOL);
        assertArrayEquals(new double[] {9, 9, 4, 0}, c[3], TOL);
    }

    @Test
    void singleLeafIsATreeWithoutMerges() {
        Dendrogram tree = HierarchicalClustering.cluster(new DistanceMatrix(List.of("en"), new double[][] {{0}}), Linkage.WARD);
        assertEquals("en;", tree.toNewick());
        assertArrayEquals(new int[] {0}, tree.cut(1));
    }

    /** d(0,1) = 4, d(0,2) = 1, d(1,2) = 3. */
    private static DistanceMatrix threeLeaves(List<String> labels) {
        return new DistanceMatrix(labels, new double[][] {{0, 4, 1}, {4, 0, 3}, {1, 3, 0}});
    }
}
