package dev.moescope.routing.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The workspace database (SQLite, WAL, foreign keys on): models, corpora, samples, collection runs, traces
 * and the per-run aggregates. One connection, used under this object's lock. Batch commits and aggregate
 * loading live in {@link TraceWriter} and {@link AggregateReader}.
 */
public final class RoutingStore implements AutoCloseable {
    private final Path file;
    private final Connection conn;

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
        try {
            try (PreparedStatement ps = conn.prepareStatement("""
                    INSERT INTO models(fingerprint, path, arch, num_layers, moe_layers, num_experts, top_k)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(fingerprint) DO UPDATE SET path = excluded.path""")) {
                ps.setString(1, m.fingerprint());
                ps.setString(2, m.path());
                ps.setString(3, m.arch());
                ps.setInt(4, m.numLayers());
                ps.setString(5, m.moeLayers().stream().map(String::valueOf).collect(Collectors.joining(",")));
                ps.setInt(6, m.numExperts());
                ps.setInt(7, m.topK());
                ps.executeUpdate();
            }
            return queryLong("SELECT id FROM models WHERE fingerprint = ?", m.fingerprint());
        } catch (SQLException e) {
            throw fail("store model " + m.path(), e);
        }
    }

    public synchronized ModelInfo model(long modelId) {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT fingerprint, path, arch, num_layers, moe_layers, num_experts, top_k FROM models WHERE id = ?")) {
            ps.setLong(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException(file + ": no model with id " + modelId);
                }
                List<Integer> layers = rs.getString(5).isEmpty() ? List.of()
                        : Arrays.stream(rs.getString(5).split(",")).map(Integer::valueOf).toList();
                return new ModelInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), layers,
                        rs.getInt(6), rs.getInt(7));
            }
        } catch (SQLException e) {
            throw fail("read model " + modelId, e);
        }
    }

    public synchronized long putCorpus(String name, String source) {
        try {
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO corpora(name, source) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET source = excluded.source")) {
                ps.setString(1, name);
                ps.setString(2, source);
                ps.executeUpdate();
            }
            return queryLong("SELECT id FROM corpora WHERE name = ?", name);
        } catch (SQLException e) {
            throw fail("store corpus " + name, e);
        }
    }

    /** Where a corpus was read from ("demo" or a path), or null when unknown. */
    public synchronized String corpusSource(long corpusId) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT source FROM corpora WHERE id = ?")) {
            ps.setLong(1, corpusId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw fail("read corpus " + corpusId, e);
        }
    }

    /** Stores the samples (idempotent: same corpus, language, segment, split and text = same id), in order. */
    public synchronized List<Long> putSamples(long corpusId, List<SampleText> samples) {
        List<Long> ids = new ArrayList<>(samples.size());
        try {
            conn.setAutoCommit(false);
            try (PreparedStatement ins = conn.prepareStatement("""
                    INSERT INTO samples(corpus_id, lang, segment_id, article, split, text, text_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
                 PreparedStatement get = conn.prepareStatement("""
                    SELECT id FROM samples WHERE corpus_id = ? AND lang = ? AND segment_id = ? AND split = ?
                    AND text_sha256 = ?""")) {
                for (SampleText s : samples) {
                    String sha = ModelFingerprint.sha256Hex(s.text());
                    ins.setLong(1, corpusId);
                    ins.setString(2, s.lang());
                    ins.setString(3, s.segmentId());
                    ins.setString(4, s.article());
                    ins.setString(5, s.split());
                    ins.setString(6, s.text());
                    ins.setString(7, sha);
                    ins.executeUpdate();
                    get.setLong(1, corpusId);
                    get.setString(2, s.lang());
                    get.setString(3, s.segmentId());
                    get.setString(4, s.split());
                    get.setString(5, sha);
                    try (ResultSet rs = get.executeQuery()) {
                        rs.next();
                        ids.add(rs.getLong(1));
                    }
                }
            }
            conn.commit();
            return ids;
        } catch (SQLException e) {
            rollbackQuietly();
            throw fail("store samples", e);
        } finally {
            autoCommit();
        }
    }

    /**
     * Finds the run for this request or creates it (status running, every sample pending). The key hashes the
     * model fingerprint, the ordered samples, the intervention and the options.
     */
    public synchronized RunInfo openRun(RunRequest r) {
        String fingerprint = model(r.modelId()).fingerprint();
        String interventionSha = ModelFingerprint.sha256Hex(r.interventionJson());
        String key = ModelFingerprint.sha256Hex(fingerprint + "|" + r.sampleIds() + "|" + interventionSha
                + "|bos=" + r.addBos());
        try {
            Optional<Long> existing = optionalLong("SELECT id FROM runs WHERE run_key = ?", key);
            if (existing.isPresent()) {
                return run(existing.get());
            }
            conn.setAutoCommit(false);
            long runId;
            try (PreparedStatement ps = conn.prepareStatement("""
                    INSERT INTO runs(run_key, model_id, corpus_id, selection, intervention_json, intervention_sha256,
                                     add_bos, status) VALUES (?, ?, ?, ?, ?, ?, ?, 'running')""",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, key);
                ps.setLong(2, r.modelId());
                ps.setLong(3, r.corpusId());
                ps.setString(4, r.selectionJson());
                ps.setString(5, r.interventionJson());
                ps.setString(6, interventionSha);
                ps.setInt(7, r.addBos() ? 1 : 0);
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    runId = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO run_samples(run_id, sample_id, ordinal) VALUES (?, ?, ?)")) {
                for (int i = 0; i < r.sampleIds().size(); i++) {
                    ps.setLong(1, runId);
                    ps.setLong(2, r.sampleIds().get(i));
                    ps.setInt(3, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            conn.commit();
            return run(runId);
        } catch (SQLException e) {
            rollbackQuietly();
            throw fail("create run", e);
        } finally {
            autoCommit();
        }
    }

    private static final String RUN_SELECT = """
            SELECT r.id, r.run_key, r.model_id, r.corpus_id, c.name, r.selection, r.intervention_json,
                   r.intervention_sha256, r.add_bos, r.status, r.created_at,
                   (SELECT count(*) FROM run_samples WHERE run_id = r.id),
                   (SELECT count(*) FROM run_samples WHERE run_id = r.id AND done = 1)
            FROM runs r JOIN corpora c ON c.id = r.corpus_id""";

    public synchronized RunInfo run(long runId) {
        return runs(RUN_SELECT + " WHERE r.id = " + runId).stream().findFirst()
                .orElseThrow(() -> new StoreException(file + ": no run with id " + runId));
    }

    /** All runs, oldest first. */
    public synchronized List<RunInfo> runs() {
        return runs(RUN_SELECT + " ORDER BY r.id");
    }

    /** The most recently created run, if any. */
    public synchronized Optional<RunInfo> latestRun() {
        List<RunInfo> all = runs(RUN_SELECT + " ORDER BY r.id DESC LIMIT 1");
        return all.stream().findFirst();
    }

    private List<RunInfo> runs(String sql) {
        List<RunInfo> out = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new RunInfo(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9) != 0, rs.getString(10),
                        rs.getString(11), rs.getInt(12), rs.getInt(13)));
            }
        } catch (SQLException e) {
            throw fail("read runs", e);
        }
        return out;
    }

    /** The samples of a run still to be collected, in run order. */
    public synchronized List<PendingSample> pendingSamples(long runId) {
        List<PendingSample> out = new ArrayList<>();
        try (PreparedStatement ps = conn.prepareStatement("""
                SELECT s.id, s.lang, s.segment_id, s.text FROM run_samples rs JOIN samples s ON s.id = rs.sample_id
                WHERE rs.run_id = ? AND rs.done = 0 ORDER BY rs.ordinal""")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PendingSample(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw fail("read pending samples of run " + runId, e);
        }
        return out;
    }

    public synchronized void markComplete(long runId) {
        try (PreparedStatement ps = conn.prepareStatement("""
                UPDATE runs SET status = 'complete', completed_at = datetime('now') WHERE id = ?
                AND NOT EXISTS (SELECT 1 FROM run_samples WHERE run_id = ? AND done = 0)""")) {
            ps.setLong(1, runId);
            ps.setLong(2, runId);
            if (ps.executeUpdate() != 1) {
                throw new StoreException(file + ": run " + runId + " still has pending samples");
            }
        } catch (SQLException e) {
            throw fail("complete run " + runId, e);
        }
    }

    /** Commits one batch of samples atomically: done markers, token ids, traces and aggregate increments. */
    public synchronized int commitBatch(long runId, List<SampleTrace> batch) {
        return new TraceWriter(this).commit(runId, model(run(runId).modelId()), batch);
    }

    /**
     * Fills pending samples of a run from other runs with the same model, intervention and BOS option that
     * already computed them (copying token ids and traces, adding their counts). Counts are exact; gate sums
     * and entropies of reused samples come from the stored f16 values. Returns the number reused.
     */
    public synchronized int reuseCompletedSamples(long runId) {
        return new SampleReuse(this).fill(run(runId), model(run(runId).modelId()));
    }

    public synchronized StoredAggregates aggregates(long runId) {
        return new AggregateReader(this).read(runId, model(run(runId).modelId()));
    }

    /** Reads a sample's stored trace (weights and entropy come back at f16 precision). */
    public synchronized SampleTrace trace(long runId, long sampleId) {
        return new AggregateReader(this).trace(runId, sampleId, model(run(runId).modelId()));
    }

    /** The completed samples of a run in run order: (sample id, lang, segment id, token count). */
    public synchronized List<CompletedSample> completedSamples(long runId) {
        return new AggregateReader(this).completed(runId);
    }

    public record CompletedSample(long sampleId, String lang, String segmentId, int numTokens) {
    }

    /** A cached held-out result of an experiment, if any. */
    public synchronized Optional<EvalResult> evalResult(long modelId, String interventionSha, String evalKey, String lang) {
        return new EvalResults(this).get(modelId, interventionSha, evalKey, lang);
    }

    public synchronized void putEvalResult(long modelId, String interventionSha, String evalKey, EvalResult r) {
        new EvalResults(this).put(modelId, interventionSha, evalKey, r);
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

    private long queryLong(String sql, String arg) throws SQLException {
        return optionalLong(sql, arg).orElseThrow(() -> new SQLException("no row for " + arg));
    }

    private Optional<Long> optionalLong(String sql, String arg) throws SQLException {
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
