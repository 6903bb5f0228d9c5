package dev.moescope.routing.collect;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kills a collecting child JVM with SIGKILL at random points; after every kill the database opens, its totals
 * equal exactly the committed samples, and the final resumed run equals an uninterrupted one.
 */
class CrashSafetyTest {
    private static final int PER_LANGUAGE = 120;
    private static final int BATCH = 3;
    private static final long SLEEP_MS = 15;

    @TempDir
    Path dir;

    @Test
    void killedCollectionKeepsCommittedBatchesAndResumesExactly() throws Exception {
        StoredAggregates reference;
        try (RoutingStore store = RoutingStore.open(dir.resolve("reference.db"))) {
            CollectionJob job = new CollectionJob(store, CrashChild.source(0), new CollectionJob.Options(BATCH, false, "{}"));
            reference = store.aggregates(job.run(job.prepare("synthetic", null,
                    SyntheticCorpus.samples(PER_LANGUAGE), "{}"), p -> { }).id());
        }
        Path db = dir.resolve("crash.db");
        Random random = new Random(42);
        int previousDone = 0;
        int kills = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            Process child = start(db);
            CountDownLatch firstCommit = new CountDownLatch(1);
            Thread reader = new Thread(() -> drain(child, firstCommit));
            reader.start();
            assertTrue(firstCommit.await(60, TimeUnit.SECONDS), "child committed nothing");
            Thread.sleep(random.nextInt(400)); // somewhere inside the collection, possibly mid-transaction
            child.destroyForcibly(); // SIGKILL on Unix
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(5000);
            kills++;
            int done = checkConsistent(db);
            assertTrue(done > previousDone, "each session commits new batches (" + previousDone + " -> " + done + ")");
            if (done == 3 * PER_LANGUAGE) {
                break;
            }
            previousDone = done;
        }
        assertTrue(kills >= 2, "killed " + kills + " times");
        Process last = start(db);
        CountDownLatch ignored = new CountDownLatch(1);
        Thread reader = new Thread(() -> drain(last, ignored));
        reader.start();
        assertTrue(last.waitFor(120, TimeUnit.SECONDS));
        reader.join(5000);
        assertEquals(0, last.exitValue());
        try (RoutingStore store = RoutingStore.open(db)) {
            RunInfo run = store.latestRun().orElseThrow();
            assertTrue(run.complete());
            CollectionJobTest.assertSame(reference, store.aggregates(run.id()));
        }
    }

    /** Totals must equal the sum of token counts of completed samples; returns the completed count. */
    private static int checkConsistent(Path db) {
        try (RoutingStore store = RoutingStore.open(db)) {
            RunInfo run = store.latestRun().orElseThrow();
            List<RoutingStore.CompletedSample> done = store.completedSamples(run.id());
            Map<String, Long> tokensByLang = new HashMap<>();
            for (RoutingStore.CompletedSample s : done) {
                tokensByLang.merge(s.lang(), (long) s.numTokens(), Long::sum);
            }
            StoredAggregates agg = store.aggregates(run.id());
            for (int l = 0; l < agg.languages().size(); l++) {
                long expected = tokensByLang.getOrDefault(agg.languages().get(l), 0L);
                for (int li = 0; li < agg.moeLayers().size(); li++) {
                    assertEquals(expected, agg.totalTokens()[l][li], "totals = committed samples");
                    long selections = 0;
                    for (long a : agg.activationTokens()[l][li]) {
                        selections += a;
                    }
                    assertEquals(expected * agg.topK(), selections);
                }
            }
            assertEquals(done.size(), run.doneSamples());
            return done.size();
        }
    }

    private static Process start(Path db) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), db.toString(), String.valueOf(PER_LANGUAGE), String.valueOf(BATCH),
                String.valueOf(SLEEP_MS)).redirectErrorStream(true).start();
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
