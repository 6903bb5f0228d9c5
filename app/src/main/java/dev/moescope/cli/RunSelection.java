package dev.moescope.cli;

import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** --db and --run: the collection run that the analysis and experiment commands read. */
final class RunSelection {

    @Mixin
    DatabaseOption database;

    @Option(names = "--run", paramLabel = "ID", description = "collection run to use (default: the latest)")
    Long run;

    /** Opens the existing database; readers never create one. */
    RoutingStore openStore() {
        return database.openExisting();
    }

    /** The chosen run, or the latest one; a clear error when the database has none. */
    RunInfo select(RoutingStore store) {
        if (run != null) {
            return store.run(run);
        }
        return store.latestRun().orElseThrow(() -> new IllegalArgumentException(store.file()
                + ": holds no collection run yet; run `moescope collect` first"));
    }

    /** Opens the database and the chosen run with its statistics; closing it closes the database. */
    SelectedRun open() {
        RoutingStore store = openStore();
        try {
            RunInfo selected = select(store);
            return new SelectedRun(store, selected, stats(store, selected));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The statistics of the chosen run, for commands that need nothing else from the database. */
    RoutingStats readStats() {
        try (SelectedRun selected = open()) {
            return selected.stats();
        }
    }

    /** Aggregates of a run as analysis statistics; refuses a run with nothing collected. */
    static RoutingStats stats(RoutingStore store, RunInfo run) {
        if (run.doneSamples() == 0) {
            throw new IllegalArgumentException(store.file() + ": run " + run.id() + " has no collected samples yet");
        }
        return store.aggregates(run.id()).toRoutingStats();
    }

    /** An open database, the run chosen in it and that run's statistics. */
    record SelectedRun(RoutingStore store, RunInfo run, RoutingStats stats) implements AutoCloseable {
        @Override
        public void close() {
            store.close();
        }
    }
}
