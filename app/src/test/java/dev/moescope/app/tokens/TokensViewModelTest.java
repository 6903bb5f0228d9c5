package dev.moescope.app.tokens;

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

class TokensViewModelTest {
    @BeforeAll
    static void fx() throws Exception {
        FxToolkit.start();
    }

    @Test
    void tokensCarryTheirDecodedTextAndTopExpertPath() throws Exception {
        TokensViewModel vm = FxToolkit.fx(() -> new TokensViewModel(new FakeBackend(), new BackgroundWork(), t -> { throw new AssertionError(t); }));
        FxToolkit.run(() -> {
            vm.leftTextProperty().set("ab cd");
            vm.setStats(Stats.twoLanguages());
            vm.sessionProperty().set(new FakeSession(1));
        });
        FxToolkit.await("routed tokens", 5000, () -> vm.leftTokens().size() == 2);
        TokensViewModel.TokenRoute first = vm.leftTokens().get(0);
        assertEquals("ab ", first.text());
        int id = "ab ".hashCode() & 0xff;
        // the fake routes token id t at layer l to (t + l) % 8 first
        assertArrayEquals(new int[] {id % 8, (id + 1) % 8, (id + 2) % 8, (id + 3) % 8}, first.topExpertPerLayer());
        assertEquals((id + 2) % 8, first.topExpert(2));
        assertEquals("en", vm.leftLanguageProperty().get());
        assertEquals("de", vm.rightLanguageProperty().get());
    }

    @Test
    void pickingSegmentsFillsBothSidesAndRoutesThem() throws Exception {
        TokensViewModel vm = FxToolkit.fx(() -> new TokensViewModel(new FakeBackend(), new BackgroundWork(), t -> { throw new AssertionError(t); }));
        FxToolkit.run(() -> {
            vm.setStats(Stats.twoLanguages());
            vm.sessionProperty().set(new FakeSession(1));
            vm.pickSegments();
        });
        FxToolkit.await("right side", 5000, () -> !vm.rightTokens().isEmpty());
        assertEquals("segment of de", vm.rightTextProperty().get());
        assertEquals(List.of("segment ", "of ", "de"), vm.rightTokens().stream().map(TokensViewModel.TokenRoute::text).toList());
    }
}
