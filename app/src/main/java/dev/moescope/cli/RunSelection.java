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
            description = "collection runs to use, comma-separated, analysed together (default: the latest complete "
                    + "collection: the newest complete run and, for its model, corpus, split and intervention, the newest "
                    + "complete run of every other language, as the app stores one run per language; the runs used are "
                    + "named on stderr; list them with `moescope export --what runs`)")
    List<Long> runs;

    /** Opens the existing database; readers never create one. */
    RoutingStore openStore() {
        return database.openExisting();
    }

    /** The one chosen run, or the latest complete one, for commands that read a single run (a clear error otherwise). */
    RunInfo select(RoutingStore store) {
        if (runs == null || runs.isEmpty()) {
            return latestComplete(store);
        }
        List<RunInfo> chosen = selectAll(store);
        if (chosen.size() > 1) {
            throw new IllegalArgumentException("this reads one run at a time; got --run " + ids(chosen));
        }
        return chosen.get(0);
    }

    /** The chosen runs (all of one model), or the latest run; a clear error when the database has none. */
    List<RunInfo> selectAll(RoutingStore store) {
        if (runs == null || runs.isEmpty()) {
            List<RunInfo> latest = latestCollection(store);
            System.err.println(describe(store, latest));
            return latest;
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

    /** The newest complete run (the newest run when none is complete); a clear error on an empty database. */
    static RunInfo latestComplete(RoutingStore store) {
        List<RunInfo> all = store.runs();
        if (all.isEmpty()) {
            throw new IllegalArgumentException(store.file() + ": holds no collection run yet; run `moescope collect` first");
        }
        return all.stream().filter(RunInfo::complete).max(java.util.Comparator.comparingLong(RunInfo::id))
                .orElseGet(() -> all.stream().max(java.util.Comparator.comparingLong(RunInfo::id)).orElseThrow());
    }

    /**
     * The latest complete collection: the newest complete run, then, newest first, every complete run of the same
     * model, corpus, split, intervention, BOS and prompt format whose languages are not covered yet (the app's
     * one-run-per-language layout; a CLI run of several languages stands alone unless others add languages).
     * Ordered by id.
     */
    static List<RunInfo> latestCollection(RoutingStore store) {
        RunInfo head = latestComplete(store);
        if (!head.complete()) {
            return List.of(head);
        }
        List<RunInfo> newestFirst = store.runs().stream().filter(RunInfo::complete)
                .sorted(java.util.Comparator.comparingLong(RunInfo::id).reversed()).toList();
        java.util.Set<String> covered = new java.util.HashSet<>();
        List<RunInfo> out = new java.util.ArrayList<>();
        for (RunInfo r : newestFirst) {
            if (r != head && !sameCollection(head, r)) {
                continue;
            }
            List<String> langs = store.aggregates(r.id()).languages();
            if (r == head || langs.stream().noneMatch(covered::contains)) {
                covered.addAll(langs);
                out.add(r);
            }
        }
        out.sort(java.util.Comparator.comparingLong(RunInfo::id));
        return out;
    }

    private static boolean sameCollection(RunInfo a, RunInfo b) {
        return a.modelId() == b.modelId() && a.corpusId() == b.corpusId() && a.content() == b.content()
                && java.util.Objects.equals(a.interventionSha256(), b.interventionSha256()) && a.addBos() == b.addBos()
                && java.util.Objects.equals(a.promptFormat(), b.promptFormat()) && java.util.Objects.equals(a.source(), b.source())
                && java.util.Objects.equals(split(a), split(b));
    }

    /** The "split" of a run's selection JSON (the app writes {"language": .., "split": ..}), or null. */
    static String split(RunInfo r) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = OutputFormat.MAPPER.readTree(r.selection() == null ? "{}" : r.selection());
            return n.hasNonNull("split") ? n.get("split").asText() : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null; // a selection that is not JSON names no split
        }
    }

    /** "using runs 3,4 (model M, corpus C: en, de, fr)": which runs a default selection took. */
    static String describe(RoutingStore store, List<RunInfo> runs) {
        List<String> langs = new java.util.ArrayList<>();
        for (RunInfo r : runs) {
            langs.addAll(store.aggregates(r.id()).languages());
        }
        RunInfo first = runs.get(0);
        return "using run" + (runs.size() == 1 ? " " : "s ") + ids(runs) + " (model " + store.model(first.modelId()).path()
                + ", corpus " + first.corpusName() + ": " + String.join(", ", langs) + "); choose others with --run";
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
