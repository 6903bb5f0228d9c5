package dev.moescope.routing.collect;

import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.store.StoredAggregates;
import dev.moescope.routing.testing.FakeRoutingSource;
import dev.moescope.routing.testing.SyntheticCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CollectionJobTest {
    @TempDir
    Path dir;

    @Test
    void secondCollectOfSameSelectionDoesNoForwardPass() {
        try (RoutingStore store = RoutingStore.open(dir.resolve("cache.db"))) {
            FakeRoutingSource first = FakeRoutingSource.small();
            CollectionJob job = new CollectionJob(store, first, new CollectionJob.Options(3, false, "{}"));
            RunInfo run = job.run(job.prepare("syn", null, SyntheticCorpus.samples(4), "{}"), p -> { });
            assertTrue(run.complete());
            assertEquals(4, first.forwardCalls.get()); // 12 samples in batches of 3

            FakeRoutingSource second = FakeRoutingSource.small();
            CollectionJob again = new CollectionJob(store, second, new CollectionJob.Options(5, false, "{}"));
            RunInfo cached = again.run(again.prepare("syn", null, SyntheticCorpus.samples(4), "{}"), p -> { });
            assertEquals(run.id(), cached.id());
            assertEquals(0, second.forwardCalls.get(), "cache hit: no forward pass");

            // a different intervention or BOS setting is a different run
            FakeRoutingSource third = FakeRoutingSource.small();
            CollectionJob bos = new CollectionJob(store, third, new CollectionJob.Options(5, true, "{}"));
            RunInfo withBos = bos.run(bos.prepare("syn", null, SyntheticCorpus.samples(4), "{}"), p -> { });
            assertNotEquals(run.id(), withBos.id());
            assertTrue(third.forwardCalls.get() > 0);
            StoredAggregates a = store.aggregates(run.id());
            StoredAggregates b = store.aggregates(withBos.id());
            assertEquals(a.totalTokens()[0][0] + 4, b.totalTokens()[0][0], "BOS adds one token per sample");
        }
    }

    @Test
    void aNewSelectionReusesSamplesComputedByEarlierRuns() {
        try (RoutingStore store = RoutingStore.open(dir.resolve("reuse.db"))) {
            List<dev.moescope.routing.store.SampleText> all = SyntheticCorpus.samples(4);
            List<dev.moescope.routing.store.SampleText> enDe = all.stream().filter(s -> !s.lang().equals("zh")).toList();
            FakeRoutingSource first = FakeRoutingSource.small();
            CollectionJob job = new CollectionJob(store, first, new CollectionJob.Options(4, false, "{}"));
            RunInfo small = job.run(job.prepare("syn", null, enDe, "{}"), p -> { });
            assertEquals(8, small.doneSamples());

            FakeRoutingSource second = FakeRoutingSource.small();
            CollectionJob bigger = new CollectionJob(store, second, new CollectionJob.Options(4, false, "{}"));
            RunInfo run = bigger.run(bigger.prepare("syn", null, all, "{}"), p -> { });
            assertTrue(run.complete());
            assertEquals(12, run.doneSamples());
            assertEquals(1, second.forwardCalls.get(), "only the 4 zh samples are computed");
            int zhTokens = 0;
            for (var s : all) {
                if (s.lang().equals("zh")) {
                    zhTokens += second.encode(s.text(), false).length;
                }
            }
            assertEquals(zhTokens, second.routedTokens.get());

            StoredAggregates a = store.aggregates(small.id());
            StoredAggregates b = store.aggregates(run.id());
            for (int l = 0; l < 2; l++) { // en, de: same counts; gate sums from the f16 copies
                assertArrayEquals(a.totalTokens()[l], b.totalTokens()[l]);
                for (int li = 0; li < 3; li++) {
                    assertArrayEquals(a.activationTokens()[l][li], b.activationTokens()[l][li]);
                    for (int e = 0; e < 8; e++) {
                        assertEquals(a.gateValuesSum()[l][li][e], b.gateValuesSum()[l][li][e],
                                1e-3 * Math.max(1, a.gateValuesSum()[l][li][e]));
                    }
                }
            }
        }
    }

    @Test
    void aFailedCommitSurfacesOnTheCallerAndKeepsEarlierBatches() {
        try (RoutingStore store = RoutingStore.open(dir.resolve("fail.db"))) {
            FakeRoutingSource broken = new FakeRoutingSource(List.of(0, 1, 2), 8, 2, 0) {
                @Override
                public List<List<dev.moescope.routing.store.LayerTrace>> route(List<int[]> batch) {
                    List<List<dev.moescope.routing.store.LayerTrace>> out = super.route(batch);
                    // the third batch returns one MoE layer too few
                    return forwardCalls.get() == 3 ? out.stream().map(l -> l.subList(0, 2)).toList() : out;
                }
            };
            CollectionJob job = new CollectionJob(store, broken, new CollectionJob.Options(2, false, "{}"));
            RunInfo run = job.prepare("syn", null, SyntheticCorpus.samples(4), "{}");
            dev.moescope.routing.store.StoreException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.moescope.routing.store.StoreException.class, () -> job.run(run, p -> { }));
            assertTrue(e.getMessage().contains("MoE layers"), e.getMessage());
            RunInfo after = store.run(run.id());
            assertFalse(after.complete());
            assertEquals(4, after.doneSamples(), "the two batches before the bad one stay committed");
        }
    }

    @Test
    void cancelledRunResumesWithoutDuplicatesAndMatchesUninterrupted() {
        StoredAggregates reference;
        try (RoutingStore store = RoutingStore.open(dir.resolve("ref.db"))) {
            CollectionJob job = new CollectionJob(store, FakeRoutingSource.small(), new CollectionJob.Options(2, false, "{}"));
            reference = store.aggregates(job.run(job.prepare("syn", null, SyntheticCorpus.samples(5), "{}"), p -> { }).id());
        }
        Path db = dir.resolve("resume.db");
        List<Integer> seen = new ArrayList<>();
        try (RoutingStore store = RoutingStore.open(db)) {
            FakeRoutingSource fake = FakeRoutingSource.small();
            CollectionJob job = new CollectionJob(store, fake, new CollectionJob.Options(2, false, "{}"));
            RunInfo run = job.prepare("syn", null, SyntheticCorpus.samples(5), "{}");
            RunInfo stopped = job.run(run, p -> {
                seen.add(p.doneSamples());
                if (p.doneSamples() >= 6) {
                    job.cancel();
                }
            });
            assertFalse(stopped.complete());
            // the batch being computed when the cancel arrived (if any) is still committed
            assertTrue(stopped.doneSamples() == 6 || stopped.doneSamples() == 8, "done " + stopped.doneSamples());
            assertEquals(List.of(2, 4, 6), seen.subList(0, 3));
            assertEquals(stopped.doneSamples(), (int) seen.get(seen.size() - 1));
        }
        try (RoutingStore store = RoutingStore.open(db)) {
            FakeRoutingSource fake = FakeRoutingSource.small();
            CollectionJob job = new CollectionJob(store, fake, new CollectionJob.Options(4, false, "{}"));
            RunInfo before = store.latestRun().orElseThrow();
            int pending = before.numSamples() - before.doneSamples();
            RunInfo resumed = job.run(job.prepare("syn", null, SyntheticCorpus.samples(5), "{}"), p -> { });
            assertTrue(resumed.complete());
            assertEquals(15, resumed.doneSamples());
            assertEquals((pending + 3) / 4, fake.forwardCalls.get(), "only the pending samples are computed");
            assertSame(reference, store.aggregates(resumed.id()));
        }
    }

    static void assertSame(StoredAggregates expected, StoredAggregates actual) {
        assertEquals(expected.languages(), actual.languages());
        for (int l = 0; l < expected.languages().size(); l++) {
            assertArrayEquals(expected.totalTokens()[l], actual.totalTokens()[l]);
            assertArrayEquals(expected.softmaxEntropySum()[l], actual.softmaxEntropySum()[l], 1e-6);
            for (int li = 0; li < expected.moeLayers().size(); li++) {
                assertArrayEquals(expected.activationTokens()[l][li], actual.activationTokens()[l][li]);
                assertArrayEquals(expected.gateValuesSum()[l][li], actual.gateValuesSum()[l][li], 1e-6);
            }
        }
    }
}
