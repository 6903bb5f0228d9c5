package dev.moescope.cli;

import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** --db and --run, shared by the commands that read the routing database. */
final class StoreOptions {

    @Option(names = "--db", paramLabel = "FILE",
            description = "routing database (default: $XDG_DATA_HOME/moescope/moescope.db or ~/.local/share/moescope/moescope.db)")
    Path db;

    @Option(names = "--run", paramLabel = "ID", description = "collection run to use (default: the latest)")
    Long run;

    /** Opens an existing database; readers never create one. */
    RoutingStore open() {
        Path file = db != null ? db : RoutingStore.defaultPath();
        if (!java.nio.file.Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no routing database here; run `moescope collect"
                    + (db != null ? " --db " + db : "") + "` first");
        }
        return RoutingStore.open(file);
    }

    /** The chosen run, or the latest one; a clear error when the database has none. */
    RunInfo selectRun(RoutingStore store) {
        if (run != null) {
            return store.run(run);
        }
        return store.latestRun().orElseThrow(() -> new IllegalArgumentException(store.file()
                + ": holds no collection run yet; run `moescope collect` first"));
    }

    /** Aggregates of the selected run as analysis statistics; refuses a run with nothing collected. */
    static RoutingStats stats(RoutingStore store, RunInfo run) {
        if (run.doneSamples() == 0) {
            throw new IllegalArgumentException(store.file() + ": run " + run.id() + " has no collected samples yet");
        }
        return store.aggregates(run.id()).toRoutingStats();
    }
}
