package dev.moescope.routing.remote;

import dev.moescope.bridge.MoeModel;
import dev.moescope.routing.collect.BridgeRoutingSource;
import dev.moescope.routing.collect.CollectionJob;
import dev.moescope.routing.store.LayerTrace;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunContent;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.store.SampleText;
import dev.moescope.routing.store.SampleTrace;
import dev.moescope.routing.store.StoredAggregates;
import dev.moescope.routing.testing.SyntheticCorpus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Collection from the vLLM and SGLang doubles (routing from the bridge on the fixture checkpoint) against a local
 * collection of the same corpus: identical counts and expert ids; each broken server gives one clear error and
 * leaves the store consistent; a server dying mid-run leaves whole batches and a rerun resumes without duplicates.
 */
class RemoteCollectionTest {
    static final int PER_LANGUAGE = 6;
    static final int BATCH = 4;
    static Path fixture;
    static MoeModel model;
    static StoredAggregates local;
    static List<SampleTrace> localTraces;

    @TempDir
    Path dir;

    @BeforeAll
    static void localReference(@TempDir Path tmp) throws Exception {
        fixture = RemoteFixture.dir();
        model = RemoteFixture.model();
        try (RoutingStore store = RoutingStore.open(tmp.resolve("local.db"));
             BridgeRoutingSource source = new BridgeRoutingSource(model, fixture, false)) {
            CollectionJob job = new CollectionJob(store, source, new CollectionJob.Options(BATCH, false, "{}"));
            RunInfo run = job.run(job.prepare("synthetic", null, samples(), "{}"), p -> { });
            local = store.aggregates(run.id());
            localTraces = store.completedSamples(run.id()).stream().map(s -> store.trace(run.id(), s.sampleId())).toList();
        }
    }

    static List<SampleText> samples() {
        return SyntheticCorpus.samples(PER_LANGUAGE);
    }

    static RemoteOptions options(EngineDouble server) {
        return RemoteOptions.of(server.engine, server.url()).withConcurrency(3)
                .withRetries(null, Duration.ofSeconds(20), 3, Duration.ofMillis(20));
    }

    static RunInfo collect(RoutingStore store, RemoteOptions o) {
        try (RemoteRoutingSource source = RemoteRoutingSource.connect(o)) {
            CollectionJob job = new CollectionJob(store, source, new CollectionJob.Options(BATCH, false, "{}"));
            return job.run(job.prepare("synthetic", null, samples(), "{}"), p -> { });
        }
    }

    @ParameterizedTest
    @EnumSource(RemoteEngine.class)
    void remoteIdsOnlyRunCountsExactlyWhatTheLocalRunCounts(RemoteEngine engine) throws Exception {
        try (EngineDouble server = new EngineDouble(engine, model, fixture, fixture.toString(), 0);
             RoutingStore store = RoutingStore.open(dir.resolve("remote.db"))) {
            server.delayMillis = 10; // requests overlap, so the bound is reached
            RunInfo run = collect(store, options(server));
            assertTrue(run.complete());
            assertEquals(RunContent.IDS_ONLY, run.content());
            assertEquals(server.url().toString(), run.source());
            assertEquals(samples().size(), server.generateRequests.get(), "one request per sample");
            assertEquals(3, server.maxInFlight.get(), "--concurrency 3 requests in flight, never more");
            StoredAggregates remote = store.aggregates(run.id());
            assertEquals(local.languages(), remote.languages());
            for (int l = 0; l < local.languages().size(); l++) {
                assertArrayEquals(local.totalTokens()[l], remote.totalTokens()[l], "every prompt position counted");
                for (int li = 0; li < local.moeLayers().size(); li++) {
                    assertArrayEquals(local.activationTokens()[l][li], remote.activationTokens()[l][li]);
                    assertArrayEquals(new double[local.numExperts()], remote.gateValuesSum()[l][li], "no gate weights");
                }
                assertArrayEquals(new double[local.moeLayers().size()], remote.softmaxEntropySum()[l]);
            }
            List<RoutingStore.CompletedSample> done = store.completedSamples(run.id());
            for (int i = 0; i < done.size(); i++) {
                SampleTrace t = store.trace(run.id(), done.get(i).sampleId());
                SampleTrace expected = localTraces.get(i);
                assertArrayEquals(expected.tokens(), t.tokens());
                for (int li = 0; li < t.layers().size(); li++) {
                    LayerTrace lt = t.layers().get(li);
                    assertFalse(lt.hasWeights());
                    assertNull(lt.topkWeights());
                    assertArrayEquals(expected.layers().get(li).topkIds(), lt.topkIds(), "same experts, same order");
                }
            }
            server.delayMillis = 0;
            // a rerun is a cache hit: nothing is sent again
            int before = server.generateRequests.get();
            assertTrue(collect(store, options(server)).complete());
            assertEquals(before, server.generateRequests.get());
        }
    }

    @Test
    void configComesFromTheFlagWhenTheServerReportsAHubId() throws Exception {
        try (EngineDouble server = new EngineDouble(RemoteEngine.VLLM, model, fixture, "Qwen/Qwen3-30B-A3B", 0);
             RoutingStore store = RoutingStore.open(dir.resolve("hub.db"))) {
            RemoteEngineException e = assertThrows(RemoteEngineException.class,
                    () -> RemoteRoutingSource.connect(options(server)));
            assertTrue(e.getMessage().contains("--config"), e.getMessage());
            server.dtype = RoutedRows.Dtype.INT32;
            RemoteOptions o = options(server).withModel("fixture-moe", fixture.resolve("config.json"), null, null);
            RunInfo run = collect(store, o); // no local tokenizer: aligned against the server's prompt_token_ids
            assertArrayEquals(local.activationTokens()[0][0], store.aggregates(run.id()).activationTokens()[0][0]);
        }
    }

    @Test
    void sglangUint16RoutedExpertsDtypeIsRead() throws Exception {
        try (EngineDouble server = new EngineDouble(RemoteEngine.SGLANG, model, fixture, fixture.toString(), 0);
             RoutingStore store = RoutingStore.open(dir.resolve("u16.db"))) {
            server.dtype = RoutedRows.Dtype.UINT16;
            RunInfo run = collect(store, options(server));
            assertArrayEquals(local.activationTokens()[2][1], store.aggregates(run.id()).activationTokens()[2][1]);
        }
    }

    @Test
    void serverDyingMidRunKeepsWholeBatchesAndARerunResumesWithoutDuplicates() throws Exception {
        Path db = dir.resolve("dies.db");
        int port;
        try (EngineDouble server = new EngineDouble(RemoteEngine.VLLM, model, fixture, fixture.toString(), 0);
             RoutingStore store = RoutingStore.open(db)) {
            port = server.port();
            server.dieAfter = 2 * BATCH + 1; // two batches answered, the third dies inside
            RemoteEngineException e = assertThrows(RemoteEngineException.class, () -> collect(store, options(server)));
            assertTrue(e.getMessage().contains(server.url().toString()), e.getMessage());
            RunInfo run = store.latestRun().orElseThrow();
            assertFalse(run.complete());
            assertEquals(2 * BATCH, run.doneSamples(), "the batch in flight is not committed");
            assertConsistent(store, run);
        }
        try (EngineDouble restarted = new EngineDouble(RemoteEngine.VLLM, model, fixture, fixture.toString(), port);
             RoutingStore store = RoutingStore.open(db)) {
            RunInfo run = collect(store, options(restarted));
            assertTrue(run.complete());
            assertEquals(samples().size() - 2 * BATCH, restarted.generateRequests.get(), "only the pending samples");
            assertEquals(1, store.runs().size(), "the same run resumed");
            StoredAggregates agg = store.aggregates(run.id());
            for (int l = 0; l < local.languages().size(); l++) {
                assertArrayEquals(local.totalTokens()[l], agg.totalTokens()[l], "no sample counted twice");
                assertArrayEquals(local.activationTokens()[l][0], agg.activationTokens()[l][0]);
            }
        }
    }

    /** Totals equal the committed samples' token counts; the database is intact. */
    static void assertConsistent(RoutingStore store, RunInfo run) {
        assertEquals("ok", store.integrityCheck());
        long tokens = store.completedSamples(run.id()).stream().mapToLong(RoutingStore.CompletedSample::numTokens).sum();
        StoredAggregates agg = store.aggregates(run.id());
        long total = 0;
        for (long[] perLayer : agg.totalTokens()) {
            total += perLayer.length == 0 ? 0 : perLayer[0];
        }
        assertEquals(tokens, total);
        assertEquals(store.completedSamples(run.id()).size(), store.run(run.id()).doneSamples());
    }
}
