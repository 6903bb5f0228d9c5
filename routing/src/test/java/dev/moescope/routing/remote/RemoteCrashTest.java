package dev.moescope.routing.remote;

import dev.moescope.routing.collect.CollectionJob;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.store.StoredAggregates;
import dev.moescope.routing.testing.SyntheticCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGKILLs a child JVM collecting from the vLLM double at random points; after each kill the store holds whole
 * batches only, and the final rerun completes the same run with totals equal to an uninterrupted collection.
 */
class RemoteCrashTest {
    private static final int PER_LANGUAGE = 24;
    private static final int BATCH = 3;

    @TempDir
    Path dir;

    @Test
    void killedRemoteCollectionResumesWithoutDuplicates() throws Exception {
        try (EngineDouble server = new EngineDouble(RemoteEngine.VLLM, RemoteFixture.model(), RemoteFixture.dir(),
                RemoteFixture.dir().toString(), 0)) {
            StoredAggregates reference;
            try (RoutingStore store = RoutingStore.open(dir.resolve("reference.db"));
                 RemoteRoutingSource source = RemoteRoutingSource.connect(RemoteCollectionTest.options(server))) {
                CollectionJob job = new CollectionJob(store, source, new CollectionJob.Options(BATCH, false, "{}"));
                reference = store.aggregates(job.run(job.prepare("synthetic", null,
                        SyntheticCorpus.samples(PER_LANGUAGE), "{}"), p -> { }).id());
            }
            server.delayMillis = 15; // slow enough to be killed inside a collection
            Path db = dir.resolve("crash.db");
            Random random = new Random(11);
            int previous = 0;
            int kills = 0;
            for (int attempt = 0; attempt < 4; attempt++) {
                Process child = start(db, server);
                CountDownLatch firstCommit = new CountDownLatch(1);
                Thread reader = new Thread(() -> drain(child, firstCommit));
                reader.start();
                assertTrue(firstCommit.await(60, TimeUnit.SECONDS), "child committed nothing");
                Thread.sleep(random.nextInt(300));
                child.destroyForcibly(); // SIGKILL on Unix, possibly mid-request or mid-transaction
                child.waitFor(30, TimeUnit.SECONDS);
                reader.join(5000);
                kills++;
                int done;
                try (RoutingStore store = RoutingStore.open(db)) {
                    RunInfo run = store.latestRun().orElseThrow();
                    RemoteCollectionTest.assertConsistent(store, run);
                    done = run.doneSamples();
                }
                assertTrue(done > previous, "each session commits new batches (" + previous + " -> " + done + ")");
                if (done == 3 * PER_LANGUAGE) {
                    break;
                }
                previous = done;
            }
            assertTrue(kills >= 2, "killed " + kills + " times");
            Process last = start(db, server);
            Thread reader = new Thread(() -> drain(last, new CountDownLatch(1)));
            reader.start();
            assertTrue(last.waitFor(120, TimeUnit.SECONDS));
            reader.join(5000);
            assertEquals(0, last.exitValue());
            try (RoutingStore store = RoutingStore.open(db)) {
                assertEquals(1, store.runs().size());
                RunInfo run = store.latestRun().orElseThrow();
                assertTrue(run.complete());
                StoredAggregates agg = store.aggregates(run.id());
                for (int l = 0; l < reference.languages().size(); l++) {
                    assertArrayEquals(reference.totalTokens()[l], agg.totalTokens()[l], "no sample counted twice");
                    for (int li = 0; li < reference.moeLayers().size(); li++) {
                        assertArrayEquals(reference.activationTokens()[l][li], agg.activationTokens()[l][li]);
                    }
                }
            }
        }
    }

    private static Process start(Path db, EngineDouble server) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                RemoteCrashChild.class.getName(), db.toString(), "vllm", server.url().toString(),
                String.valueOf(PER_LANGUAGE), String.valueOf(BATCH)).redirectErrorStream(true);
        pb.environment().put("DJL_OFFLINE", "true");
        pb.environment().put("RUST_FLAVOR", "cpu");
        return pb.start();
    }

    private static void drain(Process p, CountDownLatch firstCommit) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("committed") || line.equals("DONE")) {
                    firstCommit.countDown();
                }
            }
        } catch (Exception ignored) {
            // the process was killed
        }
    }
}
