package dev.moescope.routing.collect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.LayerRouting;
import dev.moescope.bridge.LogitsMode;
import dev.moescope.routing.store.LayerTrace;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Samples up to max_position_embeddings are routed whole; longer ones window by window, every token once, in
 * order, and counted.
 */
class BridgeRoutingSourceWindowTest {

    @Test
    void longSampleIsRoutedInWindowsAndJoinedInOrder() throws URISyntaxException {
        Path dir = Path.of(getClass().getResource("/qwen3_moe/config.json").toURI()).getParent();
        try (BridgeRoutingSource whole = BridgeRoutingSource.load(dir);
             BridgeRoutingSource source = new BridgeRoutingSource(whole.model(), dir, false, 64)) {
            assertEquals(4096, whole.window(), "the fixture's max_position_embeddings");
            int window = source.window();
            Random random = new Random(7);
            int[] longIds = random.ints(window + 37, 0, 256).toArray(); // two windows: 64 + 37
            List<LayerTrace> unwindowed = whole.route(List.of(longIds)).get(0);
            assertEquals(0, whole.windowedSamples(), "101 tokens fit in 4096: routed whole");
            List<LayerRouting> direct = whole.model().forward(longIds, new ForwardOptions(true, LogitsMode.NONE)).trace().layers();
            assertArrayEquals(direct.get(0).topkIds()[window + 36], unwindowed.get(0).topkIds()[window + 36]);
            int[] shortIds = random.ints(5, 0, 256).toArray();

            List<List<LayerTrace>> routed = source.route(List.of(longIds, shortIds));
            assertEquals(2, routed.size());
            assertEquals(1, source.windowedSamples(), "only the long sample was windowed");

            int[] first = Arrays.copyOfRange(longIds, 0, window);
            int[] second = Arrays.copyOfRange(longIds, window, longIds.length);
            var opts = new ForwardOptions(true, LogitsMode.NONE);
            List<LayerRouting> a = source.model().forward(first, opts).trace().layers();
            List<LayerRouting> b = source.model().forward(second, opts).trace().layers();
            List<LayerTrace> joined = routed.get(0);
            assertEquals(a.size(), joined.size());
            for (int l = 0; l < joined.size(); l++) {
                LayerTrace t = joined.get(l);
                assertEquals(a.get(l).layer(), t.layer());
                assertEquals(longIds.length, t.topkIds().length);
                assertEquals(longIds.length, t.entropy().length);
                assertArrayEquals(a.get(l).topkIds()[0], t.topkIds()[0]);
                assertArrayEquals(a.get(l).topkIds()[window - 1], t.topkIds()[window - 1]);
                // the second window starts afresh: its first token is routed as a sequence start
                assertArrayEquals(b.get(l).topkIds()[0], t.topkIds()[window]);
                assertArrayEquals(b.get(l).topkIds()[36], t.topkIds()[window + 36]);
                assertArrayEquals(b.get(l).topkWeights()[0], t.topkWeights()[window], 1e-5f);
            }
            assertEquals(shortIds.length, routed.get(1).get(0).topkIds().length);
        }
    }
}
