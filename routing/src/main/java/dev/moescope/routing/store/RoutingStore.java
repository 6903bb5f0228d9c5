package dev.moescope.routing.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * The workspace database (SQLite, WAL, foreign keys on): models, corpora, samples, collection runs, traces
 * and the per-run aggregates. One connection, used under this object's lock: every public method is synchronized
 * and hands the work to a package-private collaborator, which runs under that lock: {@link Catalog} (models,
 * corpora, samples), {@link Runs} (runs and their samples' progress), {@link TraceWriter} (batch commits),
 * {@link SampleReuse} (copying samples other runs computed), {@link AggregateReader} (aggregates and traces),
 * {@link AggregateImport} (runs of imported aggregates), {@link EvalResults} and {@link TaskResults} (the experiment
 * caches).
 */
public final class RoutingStore implements AutoCloseable {
    private final Path file;
    private final Connection conn;
    private final Catalog catalog = new Catalog(this);
    private final Runs runs = new Runs(this);
    private final TraceWriter traceWriter = new TraceWriter(this);
    private final SampleReuse sampleReuse = new SampleReuse(this);
    private final AggregateReader aggregateReader = new AggregateReader(this);
    private final EvalResults evalResults = new EvalResults(this);
    private final AggregateImport aggregateImport = new AggregateImport(this);
    private final TaskResults taskResults = new TaskResults(this);

    private RoutingStore(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
    }

    /** $XDG_DATA_HOME/moescope/moescope.db, else ~/.local/share/moescope/moescope.db. */
    public static Path defaultPath() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("moescope").resolve("moescope.db");
    }

    /**
     * Opens (creating if absent) and migrates the database. A file that is not SQLite, a SQLite file of
     * another program, or a schema newer than this build gives a {@link StoreException} naming the file;
     * nothing is modified in those cases.
     */
    public static RoutingStore open(Path file) {
        Path abs = file.toAbsolutePath();
        try {
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
        } catch (java.io.IOException e) {
            throw new StoreException(abs + ": cannot create the database directory: " + e.getMessage(), e);
        }
        if (Files.isDirectory(abs)) {
            throw new StoreException(abs + ": is a directory, expected a database file");
        }
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:sqlite:" + abs);
        } catch (SQLException e) {
            throw new StoreException(abs + ": cannot open database: " + e.getMessage(), e);
        }
        try {
            int version;
            try {
                version = Migrations.currentVersion(c); // reads the header first: garbage fails here, untouched
            } catch (SQLException e) {
                throw new StoreException(abs + ": not a readable moescope database (corrupt or not SQLite): "
                        + e.getMessage(), e);
            }
            if (version < 0) {
                throw new StoreException(abs + ": is a SQLite database of another program (no schema_version table)");
            }
            if (version > Migrations.latestVersion()) {
                throw new StoreException(abs + ": schema version " + version + " is newer than this moescope"
                        + " supports (" + Migrations.latestVersion() + "); use a newer moescope");
            }
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("PRAGMA journal_mode = WAL");
                s.execute("PRAGMA synchronous = NORMAL"); // WAL + NORMAL: committed data survives a process kill
                s.execute("PRAGMA foreign_keys = ON");
            }
            if (version < Migrations.latestVersion()) {
                Migrations.migrate(c, version, Migrations.latestVersion());
            }
            return new RoutingStore(abs, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreException(abs + ": cannot prepare database: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public Path file() {
        return file;
    }

    Connection connection() {
        return conn;
    }

    /** Runs SQLite's full integrity check (reads the whole file): "ok" or the problems found. */
    public synchronized String integrityCheck() {
        StringBuilder out = new StringBuilder();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) {
                out.append(out.length() == 0 ? "" : "\n").append(rs.getString(1));
            }
        } catch (SQLException e) {
            throw fail("check integrity", e);
        }
        return out.toString();
    }

    public synchronized int schemaVersion() {
        try {
            return Migrations.currentVersion(conn);
        } catch (SQLException e) {
            throw fail("read schema version", e);
        }
    }

    /** Inserts the model, or returns the id of the one with the same fingerprint (updating its path). */
    public synchronized long putModel(ModelInfo m) {
        return catalog.putModel(m);
    }

    public synchronized ModelInfo model(long modelId) {
        return catalog.model(modelId);
    }

    public synchronized long putCorpus(String name, String source) {
        return catalog.putCorpus(name, source);
    }

    /** Where a corpus was read from ("demo" or a path), or null when unknown. */
    public synchronized String corpusSource(long corpusId) {
        return catalog.corpusSource(corpusId);
    }

    /** Stores the samples (idempotent: same corpus, language, segment, split and text = same id), in order. */
    public synchronized List<Long> putSamples(long corpusId, List<SampleText> samples) {
        return catalog.putSamples(corpusId, samples);
    }

    /**
     * Finds the run for this request or creates it (status running, every sample pending). The key hashes the
     * model fingerprint, the ordered samples, the intervention and the options.
     */
    public synchronized RunInfo openRun(RunRequest r) {
        return runs.open(r);
    }

    public synchronized RunInfo run(long runId) {
        return runs.get(runId);
    }

    /** All runs, oldest first. */
    public synchronized List<RunInfo> runs() {
        return runs.all();
    }

    /** The most recently created run, if any. */
    public synchronized Optional<RunInfo> latestRun() {
        return runs.latest();
    }

    /** The samples of a run still to be collected, in run order. */
    public synchronized List<PendingSample> pendingSamples(long runId) {
        return runs.pending(runId);
    }

    public synchronized void markComplete(long runId) {
        runs.markComplete(runId);
    }

    /** Commits one batch of samples atomically: done markers, token ids, traces and aggregate increments. */
    public synchronized int commitBatch(long runId, List<SampleTrace> batch) {
        return traceWriter.commit(runId, model(run(runId).modelId()), batch);
    }

    /**
     * Fills pending samples of a run from other runs with the same model, intervention and BOS option that
     * already computed them (copying token ids and traces, adding their counts). Counts are exact; gate sums
     * and entropies of reused samples come from the stored f16 values. Returns the number reused.
     */
    public synchronized int reuseCompletedSamples(long runId) {
        return sampleReuse.fill(run(runId), model(run(runId).modelId()));
    }

    /**
     * Writes a run of aggregates only ({@link RunContent#AGGREGATES}: imported statistics, no samples or traces) with
     * its model and corpus rows in one transaction, complete on return; the same import again returns that run.
     */
    public synchronized RunInfo importAggregates(ImportedRun request, StoredAggregates aggregates) {
        return aggregateImport.write(request, aggregates);
    }

    public synchronized StoredAggregates aggregates(long runId) {
        return aggregateReader.read(runId, model(run(runId).modelId()));
    }

    /** Reads a sample's stored trace (weights and entropy come back at f16 precision). */
    public synchronized SampleTrace trace(long runId, long sampleId) {
        return aggregateReader.trace(runId, sampleId, model(run(runId).modelId()));
    }

    /** The completed samples of a run in run order: (sample id, lang, segment id, token count). */
    public synchronized List<CompletedSample> completedSamples(long runId) {
        return runs.completed(runId);
    }

    public record CompletedSample(long sampleId, String lang, String segmentId, int numTokens) {
    }

    /** A cached held-out result of an experiment, if any. */
    public synchronized Optional<EvalResult> evalResult(long modelId, String interventionSha, String evalKey, String lang) {
        return evalResults.get(modelId, interventionSha, evalKey, lang);
    }

    public synchronized void putEvalResult(long modelId, String interventionSha, String evalKey, EvalResult r) {
        evalResults.put(modelId, interventionSha, evalKey, r);
    }

    /** A cached task-level result (multiple choice, generation) of an experiment, if any. */
    public synchronized Optional<TaskResult> taskResult(long modelId, String interventionSha, String taskKey, String metric,
                                                        String lang) {
        return taskResults.get(modelId, interventionSha, taskKey, metric, lang);
    }

    public synchronized void putTaskResult(long modelId, String interventionSha, String taskKey, String metric, TaskResult r) {
        taskResults.put(modelId, interventionSha, taskKey, metric, r);
    }

    @Override
    public synchronized void close() {
        closeQuietly(conn);
    }

    StoreException fail(String what, SQLException e) {
        return new StoreException(file + ": cannot " + what + ": " + e.getMessage(), e);
    }

    void rollbackQuietly() {
        try {
            conn.rollback();
        } catch (SQLException ignored) {
            // the original error is what matters
        }
    }

    void autoCommit() {
        try {
            conn.setAutoCommit(true);
        } catch (SQLException ignored) {
            // connection broken; the next call reports it
        }
    }

    /** The first column of the first row of a query with one string parameter, if there is a row. */
    Optional<Long> optionalLong(String sql, String arg) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing a broken connection
        }
    }
}
