package dev.moescope.app.steering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ManualBiasParserTest {
    @Test
    void parsesEntries() {
        assertEquals(List.of(new SteeringViewModel.ManualBias(12, 5, 2.0), new SteeringViewModel.ManualBias(3, 0, -1.5)),
                ManualBiasParser.parse(" 12:5=2.0 ; 3:0=-1.5,"));
    }

    @Test
    void badEntryIsNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> ManualBiasParser.parse("1:2=3, 4-5=1"));
        assertTrue(e.getMessage().contains("\"4-5=1\""), e.getMessage());
    }
}
