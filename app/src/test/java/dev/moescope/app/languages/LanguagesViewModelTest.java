package dev.moescope.app.languages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.backend.LanguageRef;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.app.testing.Stats;
import dev.moescope.routing.analysis.LanguageDistances;
import dev.moescope.routing.analysis.Linkage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguagesViewModelTest {
    @Test
    void clusteringOverTheBandWithFamilyAgreement() throws Exception {
        var r = LanguagesViewModel.compute(Stats.twoLanguages(), 1, 3, Linkage.AVERAGE, LanguageDistances.Measure.JENSEN_SHANNON,
                Map.of("en", "Indo-European", "de", "Indo-European"));
        assertEquals(2, r.distances().size());
        assertTrue(r.distances().get("en", "de") > 0, "different routing, positive distance");
        assertEquals(1, r.tree().merges().size());
        assertEquals(1, r.agreement().familyCount());
    }

    @Test
    void statsResetTheBandAndRecompute() throws Exception {
        LanguagesViewModel vm = new LanguagesViewModel(BackgroundWork.direct(), t -> { throw new AssertionError(t); });
        vm.setStats(Stats.twoLanguages(), List.of(new LanguageRef("en", "English", "Indo-European"),
                new LanguageRef("de", "German", "Indo-European")));
        assertTrue(vm.resultProperty().get() != null, "result");
        assertEquals(0, vm.bandLowProperty().get());
        assertEquals(1, vm.bandHighProperty().get());
        assertEquals(2, vm.clustersProperty().get());
    }

    @Test
    void cutHeightLeavesTheChosenNumberOfClusters() {
        List<Double> heights = List.of(0.1, 0.3, 0.7);
        assertEquals(0.5, DendrogramPane.cutHeight(heights, 2), 1e-12);
        assertEquals(0.2, DendrogramPane.cutHeight(heights, 3), 1e-12);
        assertEquals(0.05, DendrogramPane.cutHeight(heights, 4), 1e-12);
        assertTrue(DendrogramPane.cutHeight(heights, 1) > 0.7);
    }
}
