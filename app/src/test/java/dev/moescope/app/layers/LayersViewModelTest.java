package dev.moescope.app.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.common.BackgroundWork;
import dev.moescope.app.testing.Stats;
import dev.moescope.routing.analysis.LayerwiseProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayersViewModelTest {
    private static LayersViewModel withStats() throws Exception {
        LayersViewModel vm = new LayersViewModel(BackgroundWork.direct(), t -> { throw new AssertionError(t); });
        vm.setStats(Stats.twoLanguages());
        assertTrue(vm.profileProperty().get() != null, "profile");
        return vm;
    }

    @Test
    void jsdIsMeasuredAgainstTheChosenReference() throws Exception {
        LayersViewModel vm = withStats();
        assertEquals(List.of("en", "de"), vm.languages());
        LayerwiseProfile toEn = vm.profileProperty().get();
        assertEquals("en", toEn.referenceLanguage());
        assertArrayEquals(new double[] {0, 0}, LayersViewModel.series(toEn, "en", LayersViewModel.Metric.JSD), 1e-12);
        double[] deToEn = LayersViewModel.series(toEn, "de", LayersViewModel.Metric.JSD);
        assertTrue(deToEn[0] > 0 && deToEn[1] > 0);

        vm.referenceProperty().set("de");
        assertTrue("de".equals(vm.profileProperty().get().referenceLanguage()), "profile against de");
        LayerwiseProfile toDe = vm.profileProperty().get();
        assertArrayEquals(new double[] {0, 0}, LayersViewModel.series(toDe, "de", LayersViewModel.Metric.JSD), 1e-12);
        // JSD is symmetric: en against de equals de against en
        assertArrayEquals(deToEn, LayersViewModel.series(toDe, "en", LayersViewModel.Metric.JSD), 1e-12);
    }

    @Test
    void exclusiveCountsFollowTheThreshold() throws Exception {
        LayersViewModel vm = withStats();
        // at thr 0.4 (the start) expert 1 of layer 1 is exclusive to en and de alike (shares 0.44/0.56): count 2
        assertArrayEquals(new double[] {2, 2}, LayersViewModel.series(vm.profileProperty().get(), "en", LayersViewModel.Metric.EXCLUSIVE));
        vm.kProperty().set(2);
        vm.thresholdProperty().set(0.6);
        assertTrue(LayersViewModel.series(vm.profileProperty().get(), "en",
                LayersViewModel.Metric.EXCLUSIVE)[0] == 1, "k=2, thr=0.6");
        // layer 1: en's experts are 0 (only en) and 1 (shared 0.44/0.56 at thr 0.6); layer 3: en alone uses 0 and 1
        assertArrayEquals(new double[] {1, 2}, LayersViewModel.series(vm.profileProperty().get(), "en", LayersViewModel.Metric.EXCLUSIVE));
        assertArrayEquals(new double[] {1, 0}, LayersViewModel.series(vm.profileProperty().get(), "en", LayersViewModel.Metric.SHARED));
    }

    @Test
    void countsAreDrawnOnAnIntegerAxisAndMeasurementsNot() throws Exception {
        LayersViewModel vm = withStats();
        var p = vm.profileProperty().get();
        var exclusive = LayersViewModel.curves(p, LayersViewModel.Metric.EXCLUSIVE, "t", "experts");
        assertTrue(exclusive.counts());
        assertEquals(List.of("en", "de"), exclusive.series().stream().map(s -> s.name()).toList());
        var shared = LayersViewModel.curves(p, LayersViewModel.Metric.SHARED, "t", "experts");
        assertTrue(shared.counts());
        assertEquals(List.of("all languages"), shared.series().stream().map(s -> s.name()).toList());
        var jsd = LayersViewModel.curves(p, LayersViewModel.Metric.JSD, "t", "bits");
        assertTrue(!jsd.counts() && !LayersViewModel.curves(p, LayersViewModel.Metric.ENTROPY, "t", "nats").counts());
        assertEquals(List.of("de"), jsd.series().stream().map(s -> s.name()).toList(), "the reference has no JSD curve");
    }
}
