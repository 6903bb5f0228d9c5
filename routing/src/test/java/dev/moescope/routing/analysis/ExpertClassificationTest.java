package dev.moescope.routing.analysis;

import static dev.moescope.routing.analysis.Fixtures.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExpertClassificationTest {

    private static final double TOL = 1e-9;

    @Test
    void topExpertsBreakTiesTowardsLowerIds() {
        assertArrayEquals(new int[] {0, 1}, ExpertClassification.topExperts(new double[] {0.5, 0.5, 0.5, 0.5}, 2));
        assertArrayEquals(new int[] {1, 2}, ExpertClassification.topExperts(new double[] {0.1, 0.3, 0.3, 0.2}, 2));
        assertArrayEquals(new int[] {1, 2, 3}, ExpertClassification.topExperts(new double[] {0.1, 0.3, 0.3, 0.2}, 3));
        // k > E is clamped to E
        assertArrayEquals(new int[] {1, 2, 3, 0}, ExpertClassification.topExperts(new double[] {0.1, 0.3, 0.3, 0.2}, 15));
    }

    @Test
    void classifiesWithTopTwo() {
        // k = 2 keeps, per language (f from Fixtures):
        //   en [0.8, 0.6, 0,   0]      (e0, e1)
        //   de [0,   0.6, 0.8, 0]      (e2, e1)
        //   zh [0.5, 0.5, 0,   0]      (all tied: lower ids e0, e1 win)
        // column sums: e0 1.3, e1 1.7, e2 0.8, e3 0
        // e0: en 0.8/1.3 = 0.615 > 0.4  -> exclusive to en
        // e1: 0.6/1.7 = 0.353, 0.353, 0.5/1.7 = 0.294, all < 0.4 -> shared
        // e2: de 0.8/0.8 = ~1 -> exclusive to de
        // e3: all 0 -> neither
        LayerClassification layer = ExpertClassification.classify(Fixtures.threeLanguagesOneLayer(), 2, 0.4).get(0);
        assertEquals(0, layer.decoderLayer());
        assertEquals(List.of(1), layer.sharedExperts());
        assertEquals(List.of(0), layer.exclusiveExperts("en"));
        assertEquals(List.of(2), layer.exclusiveExperts("de"));
        assertEquals(List.of(), layer.exclusiveExperts("zh"));
        assertArrayEquals(new double[] {0.8 / (1.3 + EPS), 0.6 / (1.7 + EPS), 0, 0}, layer.share()[0], TOL);
        assertArrayEquals(new double[] {0, 0.6 / (1.7 + EPS), 0.8 / (0.8 + EPS), 0}, layer.share()[1], TOL);
        assertArrayEquals(new double[] {0.5 / (1.3 + EPS), 0.5 / (1.7 + EPS), 0, 0}, layer.share()[2], TOL);
        assertEquals(0.5 / 1.7, layer.share("zh", 1), TOL);
    }

    @Test
    void kLargerThanExpertCountKeepsEverything() {
        // k = 15 > E = 4: nothing is zeroed.
        // column sums: e0 0.8+0.2+0.5 = 1.5, e1 1.7, e2 0.4+0.8+0.5 = 1.7, e3 0.2+0.4+0.5 = 1.1
        // e0: en 0.8/1.5 = 0.533 -> en;  e1: max 0.353 -> shared
        // e2: de 0.8/1.7 = 0.471 -> de;  e3: zh 0.5/1.1 = 0.455 -> zh (de 0.364, en 0.182)
        LayerClassification layer = ExpertClassification.classify(Fixtures.threeLanguagesOneLayer()).get(0);
        assertEquals(List.of(1), layer.sharedExperts());
        assertEquals(List.of(0), layer.exclusiveExperts("en"));
        assertEquals(List.of(2), layer.exclusiveExperts("de"));
        assertEquals(List.of(3), layer.exclusiveExperts("zh"));
        assertEquals(0.5 / 1.1, layer.share("zh", 3), TOL);
    }

    @Test
    void shareExactlyAtThresholdIsNeitherExclusiveNorShared() {
        // Expert 0 frequencies 0.5, 0.25, 0.25 (sum exactly 1.0); thr chosen equal to en's share,
        // computed the same way: 0.5 / (1.0 + 1e-10). en is not > thr, and not every share is < thr.
        double[][] f = {{0.5, 0.1}, {0.25, 0.1}, {0.25, 0.1}};
        double thr = 0.5 / (1.0 + EPS);
        LayerClassification layer = ExpertClassification.classifyLayer(3, List.of("en", "de", "zh"), f, 2, thr);
        assertEquals(thr, layer.share("en", 0));
        assertTrue(!layer.sharedExperts().contains(0) && layer.exclusiveExperts("en").isEmpty(), layer.toString());
        // Expert 1: shares 1/3 each < thr -> shared.
        assertEquals(List.of(1), layer.sharedExperts());
    }

    @Test
    void expertCanBeExclusiveToTwoLanguagesBelowOneHalf() {
        // shares 0.45, 0.45, 0.10 with thr = 0.4: literal rule -> exclusive to en and to de.
        double[][] f = {{0.45}, {0.45}, {0.10}};
        LayerClassification layer = ExpertClassification.classifyLayer(0, List.of("en", "de", "zh"), f, 1, 0.4);
        assertEquals(List.of(0), layer.exclusiveExperts("en"));
        assertEquals(List.of(0), layer.exclusiveExperts("de"));
        assertEquals(List.of(), layer.sharedExperts());
    }

    @Test
    void languageWithoutTokensHasZeroSharesNotNaN() {
        // zh has no tokens: f = 0 everywhere; its kept experts e0, e1 stay 0.
        RoutingStats stats = Fixtures.counts(List.of("en", "de", "zh"), new int[] {0}, 4, 2,
                new long[][] {{10}, {10}, {0}},
                new long[][][] {{{8, 6, 4, 2}}, {{2, 6, 8, 4}}, {{0, 0, 0, 0}}});
        LayerClassification layer = ExpertClassification.classify(stats, 2, 0.4).get(0);
        assertArrayEquals(new double[] {0, 0, 0, 0}, layer.share()[2]);
        // e1: en 0.6/1.2 = 0.5, de 0.5 -> exclusive to both; nothing shared.
        assertEquals(List.of(0, 1), layer.exclusiveExperts("en"));
        assertEquals(List.of(1, 2), layer.exclusiveExperts("de"));
        assertEquals(List.of(), layer.sharedExperts());
    }

    @Test
    void rejectsBadParameters() {
        RoutingStats stats = Fixtures.threeLanguagesOneLayer();
        assertThrows(IllegalArgumentException.class, () -> ExpertClassification.classify(stats, 0, 0.4));
        assertThrows(IllegalArgumentException.class, () -> ExpertClassification.classify(stats, 2, 0.0));
        assertThrows(IllegalArgumentException.class, () -> ExpertClassification.classify(stats, 2, 1.5));
        assertThrows(IllegalArgumentException.class, () -> ExpertClassification.classifyLayer(0, List.of("en", "de"),
                new double[][] {{0.1, 0.2}, {0.3}}, 2, 0.4));
        assertThrows(IllegalArgumentException.class, () -> ExpertClassification.classifyLayer(0, List.of("en"),
                new double[][] {{Double.NaN, 0.2}}, 2, 0.4));
    }

    @Test
    void shareMatrixIsLabelled() {
        LabeledMatrix m = ExpertClassification.classify(Fixtures.threeLanguagesOneLayer(), 2, 0.4).get(0).shareMatrix();
        assertEquals(List.of("en", "de", "zh"), m.rowLabels());
        assertEquals(List.of("0", "1", "2", "3"), m.columnLabels());
        assertEquals(0.8 / 1.3, m.get("en", "0"), TOL);
    }
}
