package dev.moescope.bridge;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steering file parsing and swapping interventions on a loaded model. */
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
    void swappingInterventionsWithoutReload() {
        RoutingTrace plain = model.forward(IDS, ForwardOptions.trace()).trace();
        RouterIntervention iv = RouterIntervention.read(steerFile);
        model.setIntervention(iv);
        assertSame(iv, model.intervention());
        RoutingTrace steered = model.forward(IDS, ForwardOptions.trace()).trace();
        model.setIntervention(RouterIntervention.NONE);
        RoutingTrace plainAgain = model.forward(IDS, ForwardOptions.trace()).trace();
        RoutingAssertions.assertSameRouting(plain, plainAgain, 0f);
        assertFalse(java.util.Arrays.deepEquals(plain.layers().get(0).topkIds(), steered.layers().get(0).topkIds()),
                "the bias on layer 0 changes its routing");
        for (int[] ids : steered.layers().get(2).topkIds()) {
            assertTrue(ids[0] != 6 && ids[1] != 6, "expert 6 of layer 2 is masked");
        }
    }

    @Test
    void settingFromAnotherThreadWhileForwardsRun() throws Exception {
        RouterIntervention iv = RouterIntervention.read(steerFile);
        RoutingTrace plain = model.forward(IDS, ForwardOptions.trace()).trace();
        model.setIntervention(iv);
        RoutingTrace steered = model.forward(IDS, ForwardOptions.trace()).trace();
        model.setIntervention(RouterIntervention.NONE);
        AtomicBoolean stop = new AtomicBoolean();
        Thread slider = new Thread(() -> {
            boolean on = false;
            while (!stop.get()) {
                model.setIntervention(on ? iv : RouterIntervention.NONE);
                on = !on;
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        slider.start();
        List<RoutingTrace> seen = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                seen.add(model.forward(IDS, ForwardOptions.trace()).trace());
            }
        } finally {
            stop.set(true);
            slider.join();
            model.setIntervention(RouterIntervention.NONE);
        }
        for (RoutingTrace t : seen) {
            // every call sees one whole intervention, never a mix of two
            boolean isPlain = java.util.Arrays.deepEquals(t.layers().get(2).topkIds(), plain.layers().get(2).topkIds())
                    && java.util.Arrays.deepEquals(t.layers().get(0).topkIds(), plain.layers().get(0).topkIds());
            boolean isSteered = java.util.Arrays.deepEquals(t.layers().get(2).topkIds(), steered.layers().get(2).topkIds())
                    && java.util.Arrays.deepEquals(t.layers().get(0).topkIds(), steered.layers().get(0).topkIds());
            assertTrue(isPlain || isSteered);
        }
    }
}
