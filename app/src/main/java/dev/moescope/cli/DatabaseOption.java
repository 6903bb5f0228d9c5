package dev.moescope.cli;

import dev.moescope.routing.store.RoutingStore;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** --db: the routing database that collect writes and the analysis commands read. */
final class DatabaseOption {

    @Option(names = "--db", paramLabel = "FILE",
            description = "routing database (default: $XDG_DATA_HOME/moescope/moescope.db or ~/.local/share/moescope/moescope.db)")
    Path db;

    /** The database file: --db, or the default location in the user data directory. */
    Path file() {
        return db != null ? db : RoutingStore.defaultPath();
    }

    /** Opens the database, creating it when absent (for collect). */
    RoutingStore openOrCreate() {
        return RoutingStore.open(file());
    }

    /** Opens an existing database; readers never create one. */
    RoutingStore openExisting() {
        Path file = file();
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(file + ": no routing database here; run `moescope collect"
                    + (db != null ? " --db " + db : "") + "` first");
        }
        return RoutingStore.open(file);
    }
}
