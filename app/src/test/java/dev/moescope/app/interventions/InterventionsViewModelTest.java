package dev.moescope.app.interventions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moescope.app.common.BackgroundWork;
import dev.moescope.app.testing.FakeBackend;
import dev.moescope.app.testing.FakeSession;
import dev.moescope.app.testing.FxToolkit;
import dev.moescope.app.testing.Stats;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class InterventionsViewModelTest {
    @BeforeAll
    static void fx() throws Exception {
        FxToolkit.start();
    }

    @Test
    void bandsFollowTheQuarterRule() throws Exception {
        InterventionsViewModel vm = FxToolkit.fx(() -> new InterventionsViewModel(new FakeBackend(), new BackgroundWork(), t -> { }));
        FxToolkit.run(() -> vm.bandProperty().set(InterventionsViewModel.Band.MIDDLE));
        assertArrayEquals(new int[] {18, 29}, vm.bandIndices(48));
        FxToolkit.run(() -> vm.bandProperty().set(InterventionsViewModel.Band.LATE));
        assertArrayEquals(new int[] {36, 47}, vm.bandIndices(48));
        FxToolkit.run(() -> {
            vm.bandProperty().set(InterventionsViewModel.Band.CUSTOM);
            vm.customLowProperty().set(5);
            vm.customHighProperty().set(60);
        });
        assertArrayEquals(new int[] {5, 47}, vm.bandIndices(48));
    }

    @Test
    void runProducesTheMatrixForEveryTargetAndLanguage() throws Exception {
        InterventionsViewModel vm = FxToolkit.fx(() -> new InterventionsViewModel(new FakeBackend(), new BackgroundWork(), t -> { throw new AssertionError(t); }));
        FxToolkit.run(() -> {
            vm.sessionProperty().set(new FakeSession(1));
            vm.setStats(Stats.twoLanguages(), null);
        });
        assertEquals(List.of("en", "de"), List.copyOf(vm.targets()), "all languages preselected");
        assertEquals(List.of("en", "de", InterventionsViewModel.SHARED), List.copyOf(vm.availableTargets()));
        FxToolkit.run(() -> {
            vm.targets().add(InterventionsViewModel.SHARED);
            vm.run();
        });
        FxToolkit.await("matrix", 5000, () -> vm.resultProperty().get() != null);
        assertEquals(List.of("en", "de", "shared"), vm.resultProperty().get().rowLabels());
        assertEquals(List.of("en", "de"), vm.resultProperty().get().columnLabels());
    }
}
