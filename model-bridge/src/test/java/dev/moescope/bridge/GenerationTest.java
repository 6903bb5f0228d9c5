package dev.moescope.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Streaming, stopping, cancelling and seeded sampling of generate(). */
class GenerationTest {

    @TempDir
    static Path tmp;
    static Path dir;
    static MoeModel model;
    static final int[] PROMPT = {72, 101, 108, 108, 111};

    @BeforeAll
    static void load() {
        dir = TestCheckpoints.random(tmp, "qwen3_moe", SafetensorsDType.F32, 1, 21);
        model = MoeModel.load(dir, LoadOptions.cpu());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void tokensAreStreamedInOrderWithTheirText() {
        List<Integer> ids = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        List<Thread> threads = new ArrayList<>();
        GenerationResult r = model.generate(PROMPT, GenerationOptions.greedy(8), (id, piece, index) -> {
            assertEquals(ids.size(), index);
            ids.add(id);
            text.append(piece);
            threads.add(Thread.currentThread());
        }, new CancellationToken());
        assertEquals(ids, java.util.Arrays.stream(r.tokens()).boxed().toList());
        assertFalse(r.cancelled());
        if (r.stopReason().equals("max_new_tokens")) {
            assertEquals(8, r.tokens().length);
            // text is held back only while a UTF-8 character is incomplete; the result has all of it
            assertTrue(r.text().startsWith(text.toString()));
            assertTrue(r.text().substring(text.length()).chars().allMatch(c -> c == 0xFFFD));
            assertEquals(model.tokenizer().decode(r.tokens()), r.text());
        }
        assertFalse(threads.contains(Thread.currentThread()), "listener runs on the inference thread");
        assertEquals(PROMPT.length + r.tokens().length, r.trace().tokens().length, "routing of prompt + generated");
    }

    @Test
    void withoutRoutingGivesTheSameSteeredTokensAndNoTrace() {
        RouterIntervention steer = RouterIntervention.parse("{\"bias\": {\"0\": {\"1\": 4.0, \"2\": -4.0}}}");
        GenerationResult captured = model.generate(PROMPT, GenerationOptions.greedy(12), steer, null, null);
        GenerationResult plain = model.generate(PROMPT, GenerationOptions.greedy(12).withoutRouting(), steer, null, null);
        assertArrayEquals(captured.tokens(), plain.tokens(), "the intervention applies with or without capture");
        assertEquals(null, plain.trace());
        GenerationResult unsteered = model.generate(PROMPT, GenerationOptions.greedy(12).withoutRouting(), null, null);
        assertNotEquals(java.util.Arrays.toString(plain.tokens()), java.util.Arrays.toString(unsteered.tokens()),
                "the bias changes the output, so the first check was not vacuous");
    }

    @Test
    void stopsAtEos() throws IOException {
        int first = model.generate(PROMPT, GenerationOptions.greedy(1), null, null).tokens()[0];
        Path eosDir = tmp.resolve("eos");
        TestCheckpoints.copyNonWeights(dir, eosDir);
        Files.copy(dir.resolve("model.safetensors"), eosDir.resolve("model.safetensors"));
        ObjectMapper json = new ObjectMapper();
        ObjectNode gen = json.createObjectNode();
        gen.putArray("eos_token_id").add(first).add(257);
        json.writeValue(eosDir.resolve("generation_config.json").toFile(), gen);
        try (MoeModel m = MoeModel.load(eosDir, LoadOptions.cpu())) {
            assertTrue(m.tokenizer().eosIds().contains(first));
            GenerationResult r = m.generate(PROMPT, GenerationOptions.greedy(10), null, null);
            assertEquals("eos", r.stopReason());
            assertArrayEquals(new int[] {first}, r.tokens());
            assertEquals("", r.text());
        }
    }

    @Test
    void cancelFromAnotherThread() throws Exception {
        CancellationToken cancel = new CancellationToken();
        CountDownLatch five = new CountDownLatch(5);
        // a tiny model never emits eos by chance often enough to matter at 10k tokens; eos is still allowed
        CompletableFuture<GenerationResult> f = model.generateAsync(PROMPT,
                new GenerationOptions(10_000, 0f, 1f, 0, false), (id, piece, i) -> five.countDown(), cancel);
        assertTrue(five.await(60, TimeUnit.SECONDS));
        cancel.cancel();
        GenerationResult r = f.get(60, TimeUnit.SECONDS);
        if (!r.stopReason().equals("eos")) {
            assertTrue(r.cancelled());
            assertEquals("cancelled", r.stopReason());
            assertTrue(r.tokens().length >= 5 && r.tokens().length < 10_000);
        }
        // the model is usable afterwards
        assertEquals(3, model.generate(PROMPT, GenerationOptions.greedy(3), null, null).tokens().length);
    }

    @Test
    void seededSamplingRepeats() {
        GenerationOptions a = new GenerationOptions(20, 1.5f, 0.95f, 42, false);
        GenerationOptions b = new GenerationOptions(20, 1.5f, 0.95f, 43, false);
        int[] first = model.generate(PROMPT, a, null, null).tokens();
        int[] again = model.generate(PROMPT, a, null, null).tokens();
        int[] other = model.generate(PROMPT, b, null, null).tokens();
        assertArrayEquals(first, again);
        assertNotEquals(java.util.Arrays.toString(first), java.util.Arrays.toString(other));
    }

    @Test
    void generationFollowsTheIntervention() {
        int e = model.config().numExperts();
        StringBuilder mask = new StringBuilder("{\"mask\": {");
        for (int i = 0; i < model.moeLayers().size(); i++) {
            mask.append(i == 0 ? "" : ", ").append('"').append(model.moeLayers().get(i)).append("\": [");
            for (int x = 2; x < e; x++) {
                mask.append(x == 2 ? "" : ", ").append(x);
            }
            mask.append(']');
        }
        mask.append("}}");
        GenerationResult r = model.generate(PROMPT, GenerationOptions.greedy(4), RouterIntervention.parse(mask.toString()),
                null, null);
        for (LayerRouting l : r.trace().layers()) {
            for (int[] ids : l.topkIds()) {
                assertTrue(ids[0] < 2 && ids[1] < 2, "only experts 0 and 1 are left");
            }
        }
    }
}
