package dev.moescope.routing.remote;

import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each broken server answers with one clear message naming the URL, and the store stays consistent. */
class RemoteErrorsTest {
    @TempDir
    Path dir;

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(RemoteEngine.VLLM, EngineDouble.Fault.NO_FIELD, "--enable-return-routed-experts"),
                Arguments.of(RemoteEngine.SGLANG, EngineDouble.Fault.NO_FIELD, "--enable-return-routed-experts"),
                Arguments.of(RemoteEngine.VLLM, EngineDouble.Fault.HTTP_500, "HTTP 500: {\"object\":\"error\",\"message\":\"CUDA out of memory\""),
                Arguments.of(RemoteEngine.SGLANG, EngineDouble.Fault.HTTP_400, "HTTP 400: {\"object\":\"error\",\"message\":\"This model's maximum context"),
                Arguments.of(RemoteEngine.VLLM, EngineDouble.Fault.TRUNCATED, "(truncated)"),
                Arguments.of(RemoteEngine.SGLANG, EngineDouble.Fault.TRUNCATED, "token rows"),
                Arguments.of(RemoteEngine.SGLANG, EngineDouble.Fault.NOT_ALIGNED, "do not reshape to (-1, 3, 2)"),
                Arguments.of(RemoteEngine.VLLM, EngineDouble.Fault.WRONG_LAYERS, "have 4 layers per token; the model has 3 decoder layers"),
                Arguments.of(RemoteEngine.VLLM, EngineDouble.Fault.BAD_DTYPE, "dtype '<f2' is not an integer type"),
                Arguments.of(RemoteEngine.SGLANG, EngineDouble.Fault.BAD_DTYPE, "routed_experts_dtype 'float16' is unknown"),
                Arguments.of(RemoteEngine.VLLM, EngineDouble.Fault.NO_GENERATION, "the last prompt token's row is missing"),
                Arguments.of(RemoteEngine.SGLANG, EngineDouble.Fault.NO_GENERATION, "the last prompt token's row is missing"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("faults")
    void brokenServerGivesOneClearErrorAndCommitsNothingOfTheBatch(RemoteEngine engine, EngineDouble.Fault fault,
                                                                   String expected) throws Exception {
        try (EngineDouble server = new EngineDouble(engine, RemoteFixture.model(), RemoteFixture.dir(),
                RemoteFixture.dir().toString(), 0);
             RoutingStore store = RoutingStore.open(dir.resolve("broken.db"))) {
            server.fault = fault;
            RemoteEngineException e = assertThrows(RemoteEngineException.class,
                    () -> RemoteCollectionTest.collect(store, RemoteCollectionTest.options(server)));
            String m = e.getMessage();
            assertTrue(m.contains(expected), m);
            assertTrue(m.contains(server.url().toString()), "names the URL: " + m);
            assertTrue(m.startsWith("sample "), "names the sample: " + m);
            assertFalse(m.contains("Exception"), "a message, not a stack: " + m);
            RunInfo run = store.latestRun().orElseThrow();
            assertEquals(0, run.doneSamples());
            RemoteCollectionTest.assertConsistent(store, run);
            if (fault == EngineDouble.Fault.HTTP_500) {
                assertTrue(server.generateRequests.get() >= 3, "5xx is retried: " + server.generateRequests.get());
            }
            if (fault == EngineDouble.Fault.HTTP_400) {
                assertTrue(server.generateRequests.get() <= RemoteCollectionTest.BATCH, "4xx is not retried");
            }
        }
    }

    @Test
    void refusedConnectionNamesTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        URI url = URI.create("http://127.0.0.1:" + port);
        RemoteOptions o = RemoteOptions.of(RemoteEngine.VLLM, url).withRetries(null, Duration.ofSeconds(5), 2,
                Duration.ofMillis(10));
        RemoteEngineException e = assertThrows(RemoteEngineException.class, () -> RemoteRoutingSource.connect(o));
        assertEquals("GET " + url + "/v1/models: connection refused (is the server running, and is the URL right?); "
                + "gave up after 2 attempts", e.getMessage());
    }

    @Test
    void wrongEngineForTheServerSaysSo() throws Exception {
        try (EngineDouble server = new EngineDouble(RemoteEngine.SGLANG, RemoteFixture.model(),
                RemoteFixture.dir(), RemoteFixture.dir().toString(), 0)) {
            RemoteOptions o = RemoteOptions.of(RemoteEngine.VLLM, server.url()).withRetries(null, Duration.ofSeconds(5), 2,
                    Duration.ofMillis(10));
            RemoteEngineException e = assertThrows(RemoteEngineException.class, () -> RemoteRoutingSource.connect(o));
            assertEquals(server.url() + ": answers none of [/v1/models] (HTTP 404: is this a vllm server, or is "
                    + "--engine wrong?)", e.getMessage());
        }
    }

    @Test
    void denseModelIsRefusedBeforeAnyRequest() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, """
                {"model_type": "qwen3", "num_hidden_layers": 4, "hidden_size": 64, "num_attention_heads": 4}""");
        try (EngineDouble server = new EngineDouble(RemoteEngine.VLLM, RemoteFixture.model(),
                RemoteFixture.dir(), "Qwen/Qwen3-8B", 0)) {
            RemoteOptions o = RemoteCollectionTest.options(server).withModel(null, config, null, null);
            RemoteEngineException e = assertThrows(RemoteEngineException.class, () -> RemoteRoutingSource.connect(o));
            assertTrue(e.getMessage().contains("model_type 'qwen3' is not a Mixture-of-Experts model"), e.getMessage());
            assertTrue(e.getMessage().contains(server.url().toString()), e.getMessage());
            assertEquals(0, server.generateRequests.get());
        }
    }

    @Test
    void unknownServedModelNameListsWhatIsServed() throws Exception {
        try (EngineDouble server = new EngineDouble(RemoteEngine.VLLM, RemoteFixture.model(),
                RemoteFixture.dir(), RemoteFixture.dir().toString(), 0)) {
            RemoteOptions o = RemoteCollectionTest.options(server).withModel("other", null, null, null);
            RemoteEngineException e = assertThrows(RemoteEngineException.class, () -> RemoteRoutingSource.connect(o));
            assertEquals(server.url() + "/v1/models: serves [fixture-moe], not 'other' (--model-name)", e.getMessage());
        }
    }
}
