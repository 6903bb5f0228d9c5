package dev.moescope.bridge.train;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WindowSamplerTest {

    /** Ten languages; language i's stream holds only the token i, so a window says where it came from. */
    private static Map<String, int[]> streams() {
        Map<String, int[]> s = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            int[] stream = new int[50];
            Arrays.fill(stream, i);
            s.put("l" + i, stream);
        }
        return s;
    }

    private static int[] rowsPerLanguage(WindowSampler sampler, int rows) {
        int[] counts = new int[10];
        for (int[] row : sampler.next(rows, 8)) {
            counts[row[0]]++;
        }
        return counts;
    }

    @Test
    void focusShareDrawsThatShareFromTheFocusLanguages() {
        int rows = 20_000;
        int[] uniform = rowsPerLanguage(new WindowSampler(streams(), 8, 7), rows);
        int[] focused = rowsPerLanguage(new WindowSampler(streams(), 8, 7, Set.of("l0", "l1"), 0.5), rows);
        // uniform: each language ~1/10; focused: l0, l1 get 0.5/2 + 0.5/10 = 0.30 each, the others 0.05
        for (int i = 0; i < 10; i++) {
            assertEquals(0.10, uniform[i] / (double) rows, 0.01, "uniform, l" + i);
            assertEquals(i < 2 ? 0.30 : 0.05, focused[i] / (double) rows, 0.015, "focused, l" + i);
        }
    }

    @Test
    void withoutFocusTheDrawsAreThoseOfTheUniformSampler() {
        WindowSampler plain = new WindowSampler(streams(), 8, 3);
        WindowSampler none = new WindowSampler(streams(), 8, 3, Set.of("l0"), 0);
        assertArrayEquals(plain.next(64, 8), none.next(64, 8));
        assertTrue(none.focusLanguages().isEmpty());
    }

    @Test
    void skipReplaysFocusedDraws() {
        WindowSampler straight = new WindowSampler(streams(), 8, 5, Set.of("l3"), 0.4);
        straight.next(4, 8);
        straight.next(4, 8);
        WindowSampler resumed = new WindowSampler(streams(), 8, 5, Set.of("l3"), 0.4);
        resumed.skip(2, 4, 8);
        assertArrayEquals(straight.next(4, 8), resumed.next(4, 8));
    }

    @Test
    void aFocusWithoutTextIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new WindowSampler(streams(), 8, 1, Set.of("xx"), 0.3));
        assertTrue(e.getMessage().contains("xx"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WindowSampler(streams(), 8, 1, Set.of("l0"), 1.5));
    }
}
