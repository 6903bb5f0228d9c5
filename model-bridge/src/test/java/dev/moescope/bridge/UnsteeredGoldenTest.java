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
 * Outputs equal to traces recorded (resources dev/moescope/bridge/unsteered) with the engine as it was before
 * interventions became per-call arguments, when the model still held one: a call without intervention (what
 * collection makes) and a steered call give the ids they gave then and the floats within 1e-5 (bit for bit on the
 * recording machine; see {@link #assertGolden}).
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

    /**
     * Token and expert ids exactly, floats within 1e-5 (absolute, plus 1e-5 relative): on the machine that recorded
     * the goldens the traces are bit-identical, but other CPUs' libtorch kernels round differently (measured: up
     * to 2.4e-6 on an AVX-512 EPYC), as the parity notes say.
     */
    private static void assertGolden(String file, String actual) throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertSame(file, "$", json.readTree(Files.readString(golden(file))), json.readTree(actual));
    }

    private static void assertSame(String file, String path, com.fasterxml.jackson.databind.JsonNode want,
                                   com.fasterxml.jackson.databind.JsonNode got) {
        if (want.isFloatingPointNumber() || got.isFloatingPointNumber()) {
            double w = want.asDouble();
            double g = got.asDouble();
            org.junit.jupiter.api.Assertions.assertTrue(got.isNumber() && Math.abs(w - g) <= 1e-5 + 1e-5 * Math.abs(w),
                    file + " " + path + ": expected " + w + ", got " + got);
        } else if (want.isContainerNode()) {
            assertEquals(want.size(), got.size(), file + " " + path + ": size");
            if (want.isArray()) {
                for (int i = 0; i < want.size(); i++) {
                    assertSame(file, path + "[" + i + "]", want.get(i), got.get(i));
                }
            } else {
                want.fieldNames().forEachRemaining(k -> assertSame(file, path + "." + k, want.get(k), got.path(k)));
            }
        } else {
            assertEquals(want, got, file + " " + path);   // ids, counts, strings: exactly
        }
    }

    private static Path golden(String file) throws URISyntaxException {
        return Path.of(UnsteeredGoldenTest.class.getResource("unsteered/" + file).toURI());
    }
}
