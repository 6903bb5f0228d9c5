package dev.moescope.routing.collect;

import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.testing.FakeRoutingSource;
import dev.moescope.routing.testing.SyntheticCorpus;

import java.nio.file.Path;
import java.util.List;

/** A collecting process for {@link CrashSafetyTest}: prints one line per committed batch. */
public final class CrashChild {
    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        int perLanguage = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        long sleep = Long.parseLong(args[3]);
        try (RoutingStore store = RoutingStore.open(db)) {
            CollectionJob job = new CollectionJob(store, source(sleep), new CollectionJob.Options(batch, false, "{}"));
            RunInfo run = job.prepare("synthetic", null, SyntheticCorpus.samples(perLanguage), "{}");
            RunInfo done = job.run(run, p -> System.out.println("committed " + p.doneSamples() + "/" + p.totalSamples()));
            System.out.println(done.complete() ? "DONE" : "STOPPED");
        }
    }

    static FakeRoutingSource source(long sleep) {
        return new FakeRoutingSource(List.of(1, 3, 5, 7), 16, 4, sleep);
    }
}
