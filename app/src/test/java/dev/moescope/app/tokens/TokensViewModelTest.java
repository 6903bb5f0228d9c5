package dev.moescope.app.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.common.BackgroundWork;
import dev.moescope.app.testing.FakeBackend;
import dev.moescope.app.testing.FakeSession;
import dev.moescope.app.testing.Stats;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensViewModelTest {
    @Test
    void tokensCarryTheirDecodedTextAndTopExpertPath() throws Exception {
        TokensViewModel vm = new TokensViewModel(new FakeBackend(), BackgroundWork.direct(), t -> { throw new AssertionError(t); });
        vm.leftTextProperty().set("ab cd");
        vm.setStats(Stats.twoLanguages());
        vm.sessionProperty().set(new FakeSession(1));
        assertTrue(vm.leftTokens().size() == 2, "routed tokens");
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
        TokensViewModel vm = new TokensViewModel(new FakeBackend(), BackgroundWork.direct(), t -> { throw new AssertionError(t); });
        vm.setStats(Stats.twoLanguages());
        vm.sessionProperty().set(new FakeSession(1));
        vm.pickSegments();
        assertTrue(!vm.rightTokens().isEmpty(), "right side");
        assertEquals("segment of de", vm.rightTextProperty().get());
        assertEquals(List.of("segment ", "of ", "de"), vm.rightTokens().stream().map(TokensViewModel.TokenRoute::text).toList());
    }
}
