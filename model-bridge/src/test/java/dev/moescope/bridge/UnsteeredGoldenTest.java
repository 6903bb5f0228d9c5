package dev.moescope.bridge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Outputs bit-identical to traces recorded (resources dev/moescope/bridge/unsteered) with the engine as it was
 * before interventions became per-call arguments, when the model still held one: a call without intervention
 * (what collection makes) and a steered call give exactly the floats they gave then. Compared as trace JSON text,
 * whose floats round-trip exactly ({@link Float#toString}).
 */
class UnsteeredGoldenTest {

    static final int[] IDS = {72, 101, 108, 108, 111, 44, 32};
    static final Map<String, MoeModel> MODELS = new HashMap<>();

    @BeforeAll
    static void load() {
        for (String name : List.of("qwen3_moe", "olmoe")) {
            MODELS.put(name, MoeModel.load(FixtureCases.root().resolve(name + "/model"), LoadOptions.cpu()));
        }
    }

    @AfterAll
    static void close() {
        MODELS.values().forEach(MoeModel::close);
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe"})
    void interventionFreeCallsAreBitIdenticalToBefore(String name) throws Exception {
        MoeModel m = MODELS.get(name);
        ForwardResult f = m.forward(IDS, ForwardOptions.trace());
        assertGolden(name + ".forward.json", TraceJson.toJson(f.trace(), f.logits()));
        // the collection path: a padded batch, routing captured, no logits
        List<ForwardResult> batch = m.forwardBatch(List.of(IDS, Arrays.copyOf(IDS, 4)),
                new ForwardOptions(true, LogitsMode.NONE));
        assertGolden(name + ".batch0.json", TraceJson.toJson(batch.get(0).trace(), null));
        assertGolden(name + ".batch1.json", TraceJson.toJson(batch.get(1).trace(), null));
        GenerationResult g = m.generate(IDS, GenerationOptions.greedy(6), null, null);
        assertGolden(name + ".generate.json", TraceJson.toJson(g.trace(), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe"})
    void steeredCallsAreBitIdenticalToBefore(String name) throws Exception {
        MoeModel m = MODELS.get(name);
        RouterIntervention iv = RouterIntervention.read(FixtureCases.root().resolve(name + "/steer.json"));
        ForwardResult s = m.forward(IDS, ForwardOptions.trace(), iv);
        assertGolden(name + ".steered.json", TraceJson.toJson(s.trace(), s.logits()));
        GenerationResult g = m.generate(IDS, GenerationOptions.greedy(6), iv, null, null);
        assertGolden(name + ".steered-generate.json", TraceJson.toJson(g.trace(), null));
    }

    private static void assertGolden(String file, String actual) throws Exception {
        assertEquals(Files.readString(golden(file)), actual, file);
    }

    private static Path golden(String file) throws URISyntaxException {
        return Path.of(UnsteeredGoldenTest.class.getResource("unsteered/" + file).toURI());
    }
}
