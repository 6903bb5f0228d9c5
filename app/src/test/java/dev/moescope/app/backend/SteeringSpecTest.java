package dev.moescope.app.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SteeringSpecTest {
    @Test
    void readsTheSharedFixtureFormat() throws Exception {
        SteeringSpec s = SteeringSpec.read(Path.of(getClass().getResource("/dev/moescope/app/steer.json").toURI()));
        assertEquals(Map.of(0, Map.of(1, 2.0, 3, -1.5), 1, Map.of(4, 1.25)), s.bias());
        assertEquals(0.02, s.lambda());
        assertEquals(Map.of(0, Map.of(2, 40.0), 2, Map.of(0, -30.0)), s.scaled());
        assertEquals(Map.of(2, List.of(6)), s.mask());
        assertFalse(s.isNone());
    }

    @Test
    void roundTripsThroughJson() {
        SteeringSpec s = new SteeringSpec(Map.of(3, Map.of(7, 0.5)), 0.25, Map.of(4, Map.of(1, 2.0)), Map.of(5, List.of(1, 2)));
        assertEquals(s, SteeringSpec.parse(s.toJson(), "test"));
    }

    @Test
    void theBridgeReadsWhatWeWrite() {
        SteeringSpec s = new SteeringSpec(Map.of(3, Map.of(7, 0.5)), 0.25, Map.of(4, Map.of(1, 2.0)), Map.of(5, List.of(1)));
        var iv = dev.moescope.bridge.RouterIntervention.parse(s.toJson());
        assertEquals(0.25, iv.lambda());
        assertEquals(0.5f, iv.bias().get(3).get(7));
        assertTrue(iv.mask().get(5).contains(1));
    }

    @Test
    void emptyAndZeroSpecsAreNone() {
        assertTrue(SteeringSpec.NONE.isNone());
        assertTrue(new SteeringSpec(Map.of(1, Map.of(2, 0.0)), 0, Map.of(1, Map.of(2, 3.0)), Map.of()).isNone());
    }

    @Test
    void errorsNameTheSourceAndField() {
        var e = assertThrows(IllegalArgumentException.class, () -> SteeringSpec.parse("{\"bias\": {\"x\": {}}}", "a.json"));
        assertTrue(e.getMessage().startsWith("a.json: field bias has key \"x\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SteeringSpec.parse("{\"scaled\": {}}", "b.json"));
        assertTrue(e.getMessage().contains("scaled.lambda"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SteeringSpec.parse("{\"steer\": 1}", "c.json"));
        assertTrue(e.getMessage().contains("unknown field \"steer\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SteeringSpec.parse("{", "d.json"));
        assertTrue(e.getMessage().startsWith("d.json: not valid JSON"), e.getMessage());
    }
}
