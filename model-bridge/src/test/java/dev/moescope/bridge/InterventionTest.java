package dev.moescope.bridge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steering file parsing, and interventions as per-call arguments of a loaded model. */
class InterventionTest {

    static MoeModel model;
    static Path steerFile;
    static final int[] IDS = {72, 101, 108, 108, 111, 44, 32};

    @BeforeAll
    static void load() {
        model = MoeModel.load(FixtureCases.root().resolve("qwen3_moe/model"), LoadOptions.cpu());
        steerFile = FixtureCases.root().resolve("qwen3_moe/steer.json");
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void jsonRoundTrip() {
        RouterIntervention iv = RouterIntervention.read(steerFile);
        assertEquals(iv, RouterIntervention.parse(iv.toJson()));
        assertEquals(2.0f, iv.bias().get(0).get(1));
        assertEquals(0.02, iv.lambda());
        assertEquals(List.of(6), List.copyOf(iv.mask().get(2)));
        RouterIntervention.LayerTerms t = iv.terms(0, 8);
        assertEquals((float) (0.02 * 40.0), t.scale()[2], "c = (float) (lambda * s) in double");
        assertEquals(-1.5f, t.bias()[3]);
        assertTrue(RouterIntervention.NONE.isEmpty());
        assertTrue(RouterIntervention.parse("{}").isEmpty());
        assertFalse(iv.isEmpty());
    }

    @Test
    void buildersMatchTheSteeringFileForm() {
        RouterIntervention mask = RouterIntervention.mask(Map.of(2, List.of(6, 6), 1, List.of()));
        assertEquals(RouterIntervention.parse("{\"mask\": {\"2\": [6]}}"), mask, "empty layers are left out");
        assertSame(RouterIntervention.NONE, RouterIntervention.mask(Map.of(1, List.of())));
        RouterIntervention scaled = RouterIntervention.scaled(0.02, Map.of(0, Map.of(2, 40.0)));
        assertEquals(RouterIntervention.parse(scaled.toJson()), scaled);
        assertEquals("{}", RouterIntervention.NONE.canonicalJson());
        RouterIntervention zero = RouterIntervention.of(Map.of(1, Map.of(2, 0.0)), 0, Map.of(1, Map.of(2, 3.0)), Map.of());
        assertFalse(zero.isEmpty());
        assertTrue(zero.isNeutral(), "zero bias and lambda 0 cannot change routing");
        assertFalse(RouterIntervention.read(steerFile).isNeutral());
    }

    @Test
    void eachCallUsesItsOwnIntervention() {
        RoutingTrace plain = model.forward(IDS, ForwardOptions.trace()).trace();
        RouterIntervention iv = RouterIntervention.read(steerFile);
        RoutingTrace steered = model.forward(IDS, ForwardOptions.trace(), iv).trace();
        RoutingTrace plainAgain = model.forward(IDS, ForwardOptions.trace(), RouterIntervention.NONE).trace();
        RoutingAssertions.assertSameRouting(plain, plainAgain, 0f);
        assertFalse(Arrays.deepEquals(plain.layers().get(0).topkIds(), steered.layers().get(0).topkIds()),
                "the bias on layer 0 changes its routing");
        for (int[] ids : steered.layers().get(2).topkIds()) {
            assertTrue(ids[0] != 6 && ids[1] != 6, "expert 6 of layer 2 is masked");
        }
    }

    @Test
    void twoCallersWithDifferentInterventionsDoNotInterfere() throws Exception {
        RouterIntervention iv = RouterIntervention.read(steerFile);
        ForwardResult plain = model.forward(IDS, ForwardOptions.trace());
        ForwardResult steered = model.forward(IDS, ForwardOptions.trace(), iv);
        // queued alternately, so the calls certainly interleave on the inference thread
        List<CompletableFuture<ForwardResult>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            queued.add(model.forwardAsync(IDS, ForwardOptions.trace(), i % 2 == 0 ? RouterIntervention.NONE : iv));
        }
        for (int i = 0; i < queued.size(); i++) {
            assertSameResult(i % 2 == 0 ? plain : steered, queued.get(i).get(60, TimeUnit.SECONDS));
        }
        // and two threads calling at the same moment
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            Future<List<ForwardResult>> a = callers.submit(() -> calls(together, RouterIntervention.NONE));
            Future<List<ForwardResult>> b = callers.submit(() -> calls(together, iv));
            a.get(120, TimeUnit.SECONDS).forEach(r -> assertSameResult(plain, r));
            b.get(120, TimeUnit.SECONDS).forEach(r -> assertSameResult(steered, r));
        } finally {
            callers.shutdownNow();
        }
    }

    private static List<ForwardResult> calls(CyclicBarrier together, RouterIntervention iv) throws Exception {
        List<ForwardResult> out = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            together.await(60, TimeUnit.SECONDS);
            out.add(model.forward(IDS, ForwardOptions.trace(), iv));
        }
        return out;
    }

    @Test
    void manyDifferentInterventionsEvictCachedTermsCorrectly() {
        List<RouterIntervention> masks = new ArrayList<>();
        for (int e = 0; e < InterventionTerms.CAPACITY + 2; e++) {
            // all distinct: expert e % 8 off in layer 2, and past 8 also expert e - 8 in layer 0
            masks.add(RouterIntervention.mask(Map.of(2, List.of(e % 8), 0, e < 8 ? List.of() : List.of(e - 8))));
        }
        List<ForwardResult> first = new ArrayList<>();
        masks.forEach(m -> first.add(model.forward(IDS, ForwardOptions.trace(), m)));
        for (int i = 0; i < masks.size(); i++) {
            assertSameResult(first.get(i), model.forward(IDS, ForwardOptions.trace(), masks.get(i)));
        }
    }

    private static void assertSameResult(ForwardResult want, ForwardResult got) {
        RoutingAssertions.assertSameRouting(want.trace(), got.trace(), 0f);
        for (int t = 0; t < want.logits().length; t++) {
            assertArrayEquals(want.logits()[t], got.logits()[t], "logits of token " + t);
        }
    }
}
