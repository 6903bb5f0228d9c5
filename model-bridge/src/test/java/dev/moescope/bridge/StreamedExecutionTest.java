package dev.moescope.bridge;

import dev.moescope.bridge.random.RandomCheckpoint;
import dev.moescope.bridge.random.RandomModelSpec;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streamed execution (each decoder layer read, used and freed per pass) against resident execution: the same
 * routing and logits, bit for bit (the same ops on the same weights), on every fixture model and on a random
 * checkpoint of every architecture stored as bf16, through the batched (collection) path.
 */
class StreamedExecutionTest {

    /** One byte: every model streams. */
    private static final long TINY_BUDGET = 1;

    static List<Path> fixtureModels() throws IOException {
        Map<Path, Boolean> models = new LinkedHashMap<>();
        FixtureCases.all().forEach(c -> models.put(c.model(), true));
        return new ArrayList<>(models.keySet());
    }

    static List<String> archs() {
        return RandomModelSpec.ARCHS;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureModels")
    void streamedEqualsResidentOnFixture(Path model) throws IOException {
        List<int[]> batch = new ArrayList<>();
        for (FixtureCases.Case c : FixtureCases.all()) {
            if (c.model().equals(model)) {
                batch.add(c.ids());
            }
        }
        assertSameAsResident(model, batch);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("archs")
    void streamedEqualsResidentOnBf16RandomCheckpoint(String arch, @TempDir Path dir) {
        RandomCheckpoint.write(dir, RandomModelSpec.preset(arch, "tiny"), SafetensorsDType.BF16, 2, 7);
        assertSameAsResident(dir, List.of(new int[] {1, 5, 9, 33, 2, 17, 4}, new int[] {3, 8, 21}));
    }

    @Test
    void budgetChoosesTheExecutionAndStreamedModelsRefuseGeneration() throws IOException {
        Path model = fixtureModels().get(0);
        Execution big = LoadPolicy.cpu().execution(model, 1L << 40);
        assertFalse(big.streamed());
        Execution small = LoadPolicy.cpu().execution(model, TINY_BUDGET);
        assertTrue(small.streamed());
        assertTrue(small.streamedPeakBytes() < small.residentWeightBytes(), small.describe());
        try (MoeModel m = MoeModel.load(model, LoadOptions.cpu().withMaxResidentBytes(TINY_BUDGET))) {
            assertTrue(m.execution().streamed());
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> m.generate(new int[] {1, 2, 3}, GenerationOptions.greedy(2), null, null));
            assertTrue(e.getMessage().contains("budget"), e.getMessage());
        }
    }

    @Test
    void parsesMemorySizes() {
        assertEquals(8L << 30, LoadPolicy.parseBytes("8g"));
        assertEquals(200L << 20, LoadPolicy.parseBytes("200M"));
        assertEquals(512L << 10, LoadPolicy.parseBytes("512kb"));
        assertEquals(1234, LoadPolicy.parseBytes("1234"));
        assertThrows(IllegalArgumentException.class, () -> LoadPolicy.parseBytes("lots"));
        assertThrows(IllegalArgumentException.class, () -> LoadPolicy.parseBytes("-1g"));
    }

    private static void assertSameAsResident(Path model, List<int[]> batch) {
        List<ForwardResult> resident;
        List<ForwardResult> streamed;
        try (MoeModel m = MoeModel.load(model, LoadOptions.cpu().withMaxResidentBytes(1L << 40))) {
            assertFalse(m.execution().streamed());
            resident = m.forwardBatch(batch, ForwardOptions.trace());
        }
        try (MoeModel m = MoeModel.load(model, LoadOptions.cpu().withMaxResidentBytes(TINY_BUDGET))) {
            assertTrue(m.execution().streamed());
            streamed = m.forwardBatch(batch, ForwardOptions.trace());
            // a second pass reads every layer again and gives the same answer
            assertArrayEquals(streamed.get(0).logits(), m.forwardBatch(batch, ForwardOptions.trace()).get(0).logits());
        }
        for (int i = 0; i < batch.size(); i++) {
            ForwardResult r = resident.get(i);
            ForwardResult s = streamed.get(i);
            assertArrayEquals(r.logits(), s.logits(), "logits of sequence " + i);
            assertArrayEquals(r.nextTokenLogProbs(), s.nextTokenLogProbs());
            assertArrayEquals(r.trace().tokens(), s.trace().tokens());
            assertEquals(r.trace().layers().size(), s.trace().layers().size());
            for (int l = 0; l < r.trace().layers().size(); l++) {
                LayerRouting a = r.trace().layers().get(l);
                LayerRouting b = s.trace().layers().get(l);
                assertEquals(a.layer(), b.layer());
                assertArrayEquals(a.topkIds(), b.topkIds(), "top-k ids of layer " + a.layer());
                assertArrayEquals(a.topkWeights(), b.topkWeights());
                assertArrayEquals(a.routerLogits(), b.routerLogits());
            }
        }
    }
}
