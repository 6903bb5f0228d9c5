package dev.moescope.cli;

import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** --db and --run: the collection run that the analysis and experiment commands read. */
final class RunSelection {

    @Mixin
    DatabaseOption database;

    @Option(names = "--run", paramLabel = "ID[,ID...]", split = ",",
            description = "collection run to use (default: the latest); several comma-separated ids are analysed "
                    + "together, e.g. the app's one run per language (list them with `moescope export --what runs`)")
    List<Long> runs;

    /** Opens the existing database; readers never create one. */
    RoutingStore openStore() {
        return database.openExisting();
    }

    /** The one chosen run, or the latest one, for commands that read a single run (a clear error otherwise). */
    RunInfo select(RoutingStore store) {
        List<RunInfo> chosen = selectAll(store);
        if (chosen.size() > 1) {
            throw new IllegalArgumentException("this reads one run at a time; got --run " + ids(chosen));
        }
        return chosen.get(0);
    }

    /** The chosen runs (all of one model), or the latest run; a clear error when the database has none. */
    List<RunInfo> selectAll(RoutingStore store) {
        if (runs == null || runs.isEmpty()) {
            return List.of(store.latestRun().orElseThrow(() -> new IllegalArgumentException(store.file()
                    + ": holds no collection run yet; run `moescope collect` first")));
        }
        List<RunInfo> chosen = runs.stream().distinct().map(store::run).toList();
        for (RunInfo r : chosen) {
            if (r.modelId() != chosen.get(0).modelId()) {
                throw new IllegalArgumentException(store.file() + ": runs " + chosen.get(0).id() + " and " + r.id()
                        + " were collected with different models; analyse them separately");
            }
        }
        return chosen;
    }

    /** Opens the database and the chosen runs with their statistics merged; closing it closes the database. */
    SelectedRun open() {
        RoutingStore store = openStore();
        try {
            List<RunInfo> chosen = selectAll(store);
            return new SelectedRun(store, chosen, stats(store, chosen));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** The runs' statistics stacked by language (one run: its own); a clear error when they overlap. */
    static RoutingStats stats(RoutingStore store, List<RunInfo> runs) {
        List<RoutingStats> parts = runs.stream().map(r -> stats(store, r)).toList();
        try {
            return parts.size() == 1 ? parts.get(0) : RoutingStats.concat(parts);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(store.file() + ": runs " + ids(runs) + " cannot be analysed together: "
                    + e.getMessage(), e);
        }
    }

    private static String ids(List<RunInfo> runs) {
        return String.join(",", runs.stream().map(r -> Long.toString(r.id())).toList());
    }

    /** The statistics of the chosen run, for commands that need nothing else from the database. */
    RoutingStats readStats() {
        try (SelectedRun selected = open()) {
            return selected.stats();
        }
    }

    /** Aggregates of a run as analysis statistics; refuses a run with nothing collected. */
    static RoutingStats stats(RoutingStore store, RunInfo run) {
        if (run.doneSamples() == 0 && run.content() != dev.moescope.routing.store.RunContent.AGGREGATES) {
            throw new IllegalArgumentException(store.file() + ": run " + run.id() + " has no collected samples yet");
        }
        return store.aggregates(run.id()).toRoutingStats();
    }

    /**
     * Whether the runs recorded the router's softmax entropy: only local collection sees the full router output;
     * imported aggregates and remote ids-only runs do not, and their entropy columns are left empty, not zeros.
     */
    static boolean hasRouterEntropy(List<RunInfo> runs) {
        return runs.stream().allMatch(r -> r.content() == dev.moescope.routing.store.RunContent.TRACES);
    }

    /** An open database, the runs chosen in it (one model) and their statistics, merged. */
    record SelectedRun(RoutingStore store, List<RunInfo> runs, RoutingStats stats) implements AutoCloseable {
        /** The first chosen run: its model and corpus stand for all (they share the model). */
        RunInfo run() {
            return runs.get(0);
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
