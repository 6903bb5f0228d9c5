package dev.moescope.routing.store;

import dev.moescope.routing.testing.FakeRoutingSource;
import dev.moescope.routing.testing.SyntheticCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingStoreTest {
    @TempDir
    Path dir;

    /** Commits every synthetic sample and checks aggregates and traces against sums computed here. */
    @Test
    void roundTripOfTracesAndAggregates() {
        FakeRoutingSource fake = FakeRoutingSource.small();
        List<SampleText> samples = SyntheticCorpus.samples(4);
        Path db = dir.resolve("a.db");
        long runId;
        long[][] expectTotal = new long[3][3];
        long[][][] expectAct = new long[3][3][8];
        double[][][] expectGate = new double[3][3][8];
        List<SampleTrace> committed = new ArrayList<>();
        try (RoutingStore store = RoutingStore.open(db)) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
            long modelId = store.putModel(fake.modelInfo());
            assertEquals(modelId, store.putModel(fake.modelInfo()), "same fingerprint, same model");
            long corpusId = store.putCorpus("synthetic", null);
            List<Long> ids = store.putSamples(corpusId, samples);
            assertEquals(ids, store.putSamples(corpusId, samples), "samples are idempotent");
            RunInfo run = store.openRun(new RunRequest(modelId, corpusId, ids, "{}", "{}", false));
            runId = run.id();
            assertEquals(12, run.numSamples());
            assertEquals(0, run.doneSamples());
            List<String> langs = List.of("en", "de", "zh");
            for (int i = 0; i < samples.size(); i++) {
                int[] tokens = fake.encode(samples.get(i).text(), false);
                SampleTrace st = new SampleTrace(ids.get(i), samples.get(i).lang(), tokens,
                        fake.route(List.of(tokens)).get(0));
                committed.add(st);
                int l = langs.indexOf(st.lang());
                for (int li = 0; li < 3; li++) {
                    LayerTrace lt = st.layers().get(li);
                    expectTotal[l][li] += tokens.length;
                    for (int t = 0; t < tokens.length; t++) {
                        for (int j = 0; j < 2; j++) {
                            expectAct[l][li][lt.topkIds()[t][j]]++;
                            expectGate[l][li][lt.topkIds()[t][j]] += lt.topkWeights()[t][j];
                        }
                    }
                }
            }
            assertEquals(5, store.commitBatch(runId, committed.subList(0, 5)));
            assertEquals(7, store.commitBatch(runId, committed.subList(3, 12)), "replayed samples are skipped");
            store.markComplete(runId);
        }
        try (RoutingStore store = RoutingStore.open(db)) {
            RunInfo run = store.run(runId);
            assertTrue(run.complete());
            StoredAggregates agg = store.aggregates(runId);
            assertEquals(List.of("en", "de", "zh"), agg.languages());
            assertEquals(List.of(0, 1, 2), agg.moeLayers());
            for (int l = 0; l < 3; l++) {
                assertArrayEquals(expectTotal[l], agg.totalTokens()[l]);
                for (int li = 0; li < 3; li++) {
                    assertArrayEquals(expectAct[l][li], agg.activationTokens()[l][li]);
                    assertArrayEquals(expectGate[l][li], agg.gateValuesSum()[l][li], 1e-4);
                    assertEquals(expectTotal[l][li] * 2, sum(agg.activationTokens()[l][li]), "k per token");
                }
            }
            SampleTrace original = committed.get(7);
            SampleTrace back = store.trace(runId, original.sampleId());
            assertArrayEquals(original.tokens(), back.tokens());
            for (int li = 0; li < 3; li++) {
                assertArrayEquals(original.layers().get(li).topkIds(), back.layers().get(li).topkIds());
                for (int t = 0; t < original.tokens().length; t++) {
                    assertArrayEquals(original.layers().get(li).topkWeights()[t], back.layers().get(li).topkWeights()[t], 5e-4f);
                }
                assertArrayEquals(original.layers().get(li).entropy(), back.layers().get(li).entropy(), 2e-3f);
            }
            assertEquals(12, store.completedSamples(runId).size());
        }
    }

    @Test
    void invalidTraceIsRejectedWithoutPartialWrites() {
        FakeRoutingSource fake = FakeRoutingSource.small();
        try (RoutingStore store = RoutingStore.open(dir.resolve("b.db"))) {
            long modelId = store.putModel(fake.modelInfo());
            long corpusId = store.putCorpus("c", null);
            List<Long> ids = store.putSamples(corpusId, SyntheticCorpus.samples(1));
            RunInfo run = store.openRun(new RunRequest(modelId, corpusId, ids, "{}", "{}", false));
            int[] tokens = {1, 2, 3};
            List<LayerTrace> layers = fake.route(List.of(tokens)).get(0);
            SampleTrace good = new SampleTrace(ids.get(0), "en", tokens, layers);
            SampleTrace bad = new SampleTrace(ids.get(1), "de", tokens, layers.subList(0, 2));
            StoreException e = assertThrows(StoreException.class, () -> store.commitBatch(run.id(), List.of(good, bad)));
            assertTrue(e.getMessage().contains("MoE layers"), e.getMessage());
            assertEquals(0, store.run(run.id()).doneSamples());
        }
    }

    @Test
    void olderSchemaIsMigratedKeepingData() throws Exception {
        Path db = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Migrations.migrate(c, 0, 1);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO corpora(name, source) VALUES ('kept', 'x')");
            }
        }
        try (RoutingStore store = RoutingStore.open(db)) {
            assertEquals(Migrations.latestVersion(), store.schemaVersion());
            assertEquals(1, store.putCorpus("kept", "x"), "row written under v1 is still there");
            store.putEvalResult(store.putModel(FakeRoutingSource.small().modelInfo()), "sha", "key",
                    new EvalResult("en", 10, 20, 5));
            assertEquals(20, store.evalResult(1, "sha", "key", "en").orElseThrow().scoredBytes());
        }
    }

    /** A v2 run keeps its key and reads as a traced local run; other contents and prompt formats are new runs. */
    @Test
    void runContentAndPromptFormatArePartOfARunsIdentity() throws Exception {
        Path db = dir.resolve("v2.db");
        FakeRoutingSource fake = FakeRoutingSource.small();
        long modelId;
        long corpusId;
        List<Long> ids;
        RunInfo plain;
        try (RoutingStore store = RoutingStore.open(db)) {
            modelId = store.putModel(fake.modelInfo());
            corpusId = store.putCorpus("c", null);
            ids = store.putSamples(corpusId, SyntheticCorpus.samples(1));
            plain = store.openRun(new RunRequest(modelId, corpusId, ids, "{}", "{}", false));
        }
        try (RoutingStore store = RoutingStore.open(db)) {
            RunInfo again = store.openRun(new RunRequest(modelId, corpusId, ids, "{}", "{}", false));
            assertEquals(plain.id(), again.id());
            assertEquals(RunContent.TRACES, again.content());
            assertEquals(null, again.source());
            RunInfo remote = store.openRun(new RunRequest(modelId, corpusId, ids, "{}", "{}", false,
                    RunContent.IDS_ONLY, "http://127.0.0.1:8000", null));
            assertTrue(remote.id() != plain.id());
            assertEquals(RunContent.IDS_ONLY, remote.content());
            assertEquals("http://127.0.0.1:8000", remote.source());
            RunInfo chat = store.openRun(new RunRequest(modelId, corpusId, ids, "{}", "{}", false,
                    RunContent.TRACES, null, "{\"chat_template_sha256\":\"ab\"}"));
            assertTrue(chat.id() != plain.id() && chat.id() != remote.id());
            assertEquals("{\"chat_template_sha256\":\"ab\"}", chat.promptFormat());
        }
    }

    @Test
    void newerSchemaIsRefusedAndLeftUntouched() throws Exception {
        Path db = dir.resolve("new.db");
        try (RoutingStore ignored = RoutingStore.open(db)) {
            // create at the current version
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO schema_version(version) VALUES (99)");
        }
        StoreException e = assertThrows(StoreException.class, () -> RoutingStore.open(db));
        assertTrue(e.getMessage().contains(db.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("99"), e.getMessage());
    }

    @Test
    void corruptFileGivesClearErrorNamingItAndIsNotOverwritten() throws Exception {
        Path db = dir.resolve("corrupt.db");
        byte[] garbage = new byte[8192];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31 + 7);
        }
        Files.write(db, garbage);
        StoreException e = assertThrows(StoreException.class, () -> RoutingStore.open(db));
        assertTrue(e.getMessage().startsWith(db.toAbsolutePath().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
        assertArrayEquals(garbage, Files.readAllBytes(db), "never modified");

        Path foreign = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE something(x)");
        }
        StoreException f = assertThrows(StoreException.class, () -> RoutingStore.open(foreign));
        assertTrue(f.getMessage().contains("another program"), f.getMessage());
    }

    private static long sum(long[] v) {
        long s = 0;
        for (long x : v) {
            s += x;
        }
        return s;
    }
}
