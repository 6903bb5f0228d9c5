package dev.moescope.routing.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterAgreementTest {

    private static final double TOL = 1e-12;

    @Test
    void identicalPartitionsHaveAriOne() {
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(new int[] {0, 0, 1, 1, 2}, new int[] {0, 0, 1, 1, 2}), TOL);
        // labels do not matter
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {7, 7, 3, 3}), TOL);
        // degenerate: both all singletons, both one cluster
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(new int[] {0, 1, 2}, new int[] {2, 1, 0}));
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(new int[] {0, 0, 0}, new int[] {1, 1, 1}));
    }

    @Test
    void adjustedRandIndexOfAKnownExample() {
        // a = [0,0,0,1,1,1], b = [0,0,1,1,2,2]; contingency rows a, columns b:
        //   a0: 2 1 0     a1: 0 1 2
        // sum C(n_ij,2) = 1 + 1 = 2; rows 3,3 -> 3 + 3 = 6; columns 2,2,2 -> 3; C(6,2) = 15
        // expected = 6 * 3 / 15 = 1.2; max = (6 + 3)/2 = 4.5; ARI = (2 - 1.2)/(4.5 - 1.2) = 0.8/3.3
        assertEquals(0.8 / 3.3, ClusterAgreement.adjustedRandIndex(new int[] {0, 0, 0, 1, 1, 1}, new int[] {0, 0, 1, 1, 2, 2}), TOL);
        assertThrows(IllegalArgumentException.class, () -> ClusterAgreement.adjustedRandIndex(new int[] {0}, new int[] {0, 1}));
    }

    @Test
    void purityCountsMajorityClassPerCluster() {
        // clusters b = [0,0,1,1,2,2] vs classes a = [0,0,0,1,1,1]: majorities 2 + 1 + 2 = 5 of 6
        assertEquals(5.0 / 6, ClusterAgreement.purity(new int[] {0, 0, 1, 1, 2, 2}, new int[] {0, 0, 0, 1, 1, 1}), TOL);
        assertEquals(1.0, ClusterAgreement.purity(new int[] {0, 1, 2}, new int[] {0, 0, 0}), TOL);
    }

    @Test
    void copheneticCorrelationOfUltrametricIsOne() {
        // Ultrametric: AB 1, CD 2, every cross pair 5. Average and complete linkage reproduce it.
        DistanceMatrix d = new DistanceMatrix(List.of("A", "B", "C", "D"), new double[][] {
                {0, 1, 5, 5}, {1, 0, 5, 5}, {5, 5, 0, 2}, {5, 5, 2, 0}});
        assertEquals(1.0, ClusterAgreement.copheneticCorrelation(d, HierarchicalClustering.cluster(d, Linkage.AVERAGE)), TOL);
        assertEquals(1.0, ClusterAgreement.copheneticCorrelation(d, HierarchicalClustering.cluster(d, Linkage.COMPLETE)), TOL);
    }

    @Test
    void copheneticCorrelationOfAKnownExample() {
        // Pairs (AB, AC, AD, BC, BD, CD): original [2, 6, 10, 8, 12, 4], average-linkage
        // cophenetic [2, 9, 9, 9, 9, 4]; both means 7.
        // deviations x: [-5,-1,3,1,5,-3], y: [-5,2,2,2,2,-3]
        // sxy = 25-2+6+2+10+9 = 50, sxx = 70, syy = 50 -> r = 50 / sqrt(3500) = sqrt(5/7)
        DistanceMatrix d = HierarchicalClusteringTest.fourItems();
        assertEquals(Math.sqrt(5.0 / 7), ClusterAgreement.copheneticCorrelation(d, HierarchicalClustering.cluster(d, Linkage.AVERAGE)), TOL);
    }

    @Test
    void copheneticCorrelationIsUndefinedForTwoLeaves() {
        DistanceMatrix d = new DistanceMatrix(List.of("A", "B"), new double[][] {{0, 1}, {1, 0}});
        assertTrue(Double.isNaN(ClusterAgreement.copheneticCorrelation(d, HierarchicalClustering.cluster(d, Linkage.AVERAGE))));
    }

    @Test
    void agreementWithFamilies() {
        Dendrogram tree = HierarchicalClustering.cluster(HierarchicalClusteringTest.fourItems(), Linkage.AVERAGE);
        // Families match the two top clusters {A,B}, {C,D}.
        ClusterAgreement.FamilyAgreement match = ClusterAgreement.withFamilies(tree,
                Map.of("A", "Germanic", "B", "Germanic", "C", "Sinitic", "D", "Sinitic"));
        assertEquals(2, match.familyCount());
        assertArrayEquals(new int[] {0, 0, 1, 1}, match.clusters());
        assertEquals(1.0, match.adjustedRandIndex(), TOL);
        assertEquals(1.0, match.purity(), TOL);
        // Families cross the clusters: {A,C}, {B,D}. Contingency all ones: index 0;
        // rows 2,2 -> 2; columns 2,2 -> 2; C(4,2) = 6; expected 4/6; max 2
        // ARI = (0 - 2/3) / (2 - 2/3) = -0.5; purity = (1 + 1)/4
        ClusterAgreement.FamilyAgreement cross = ClusterAgreement.withFamilies(tree,
                Map.of("A", "X", "B", "Y", "C", "X", "D", "Y"));
        assertEquals(-0.5, cross.adjustedRandIndex(), TOL);
        assertEquals(0.5, cross.purity(), TOL);
        assertEquals(List.of("X", "Y", "X", "Y"), cross.families());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ClusterAgreement.withFamilies(tree, Map.of("A", "X")));
        assertTrue(missing.getMessage().contains("'B'"), missing.getMessage());
    }
}
