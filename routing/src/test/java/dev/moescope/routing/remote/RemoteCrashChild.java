package dev.moescope.routing.remote;

import dev.moescope.routing.collect.CollectionJob;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.testing.SyntheticCorpus;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** A process collecting from a server for {@link RemoteCrashTest}: prints one line per committed batch. */
public final class RemoteCrashChild {
    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        RemoteOptions o = RemoteOptions.of(RemoteEngine.of(args[1]), URI.create(args[2])).withConcurrency(2)
                .withRetries(null, Duration.ofSeconds(20), 2, Duration.ofMillis(20));
        int perLanguage = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        try (RoutingStore store = RoutingStore.open(db); RemoteRoutingSource source = RemoteRoutingSource.connect(o)) {
            CollectionJob job = new CollectionJob(store, source, new CollectionJob.Options(batch, false, "{}"));
            RunInfo run = job.prepare("synthetic", null, SyntheticCorpus.samples(perLanguage), "{}");
            RunInfo done = job.run(run, p -> System.out.println("committed " + p.doneSamples() + "/" + p.totalSamples()));
            System.out.println(done.complete() ? "DONE" : "STOPPED");
        }
    }
}
