package dev.moescope.routing.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runs and run_samples tables: creating a run for a request (or finding the one that exists), reading runs
 * back with their progress, a run's pending and completed samples, and marking a run complete.
 */
final class Runs {
    private static final String RUN_SELECT = """
            SELECT r.id, r.run_key, r.model_id, r.corpus_id, c.name, r.selection, r.intervention_json,
                   r.intervention_sha256, r.add_bos, r.status, r.created_at,
                   (SELECT count(*) FROM run_samples WHERE run_id = r.id),
                   (SELECT count(*) FROM run_samples WHERE run_id = r.id AND done = 1),
                   r.content, r.source, r.prompt_format
            FROM runs r JOIN corpora c ON c.id = r.corpus_id""";

    private final RoutingStore store;

    Runs(RoutingStore store) {
        this.store = store;
    }

    /**
     * Finds the run for this request or creates it in one transaction (status running, every sample pending).
     * The key hashes the model fingerprint, the ordered samples, the intervention and the options.
     */
    RunInfo open(RunRequest r) {
        String fingerprint = store.model(r.modelId()).fingerprint();
        String interventionSha = ModelFingerprint.sha256Hex(r.interventionJson());
        // the key of a plain local run is unchanged from schema v2, so cached runs keep their identity
        String extra = (r.content() == RunContent.TRACES ? "" : "|content=" + r.content().dbValue())
                + (r.source() == null ? "" : "|source=" + r.source())
                + (r.promptFormat() == null ? "" : "|prompt=" + ModelFingerprint.sha256Hex(r.promptFormat()));
        String key = ModelFingerprint.sha256Hex(fingerprint + "|" + r.sampleIds() + "|" + interventionSha
                + "|bos=" + r.addBos() + extra);
        Connection c = store.connection();
        try {
            Optional<Long> existing = store.optionalLong("SELECT id FROM runs WHERE run_key = ?", key);
            if (existing.isPresent()) {
                return get(existing.get());
            }
            c.setAutoCommit(false);
            long runId;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO runs(run_key, model_id, corpus_id, selection, intervention_json, intervention_sha256,
                                     add_bos, status, content, source, prompt_format)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?)""",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, key);
                ps.setLong(2, r.modelId());
                ps.setLong(3, r.corpusId());
                ps.setString(4, r.selectionJson());
                ps.setString(5, r.interventionJson());
                ps.setString(6, interventionSha);
                ps.setInt(7, r.addBos() ? 1 : 0);
                ps.setString(8, r.content().dbValue());
                ps.setString(9, r.source());
                ps.setString(10, r.promptFormat());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    runId = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO run_samples(run_id, sample_id, ordinal) VALUES (?, ?, ?)")) {
                for (int i = 0; i < r.sampleIds().size(); i++) {
                    ps.setLong(1, runId);
                    ps.setLong(2, r.sampleIds().get(i));
                    ps.setInt(3, i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
            return get(runId);
        } catch (SQLException e) {
            store.rollbackQuietly();
            throw store.fail("create run", e);
        } finally {
            store.autoCommit();
        }
    }

    RunInfo get(long runId) {
        return query(RUN_SELECT + " WHERE r.id = " + runId).stream().findFirst()
                .orElseThrow(() -> new StoreException(store.file() + ": no run with id " + runId));
    }

    /** All runs, oldest first. */
    List<RunInfo> all() {
        return query(RUN_SELECT + " ORDER BY r.id");
    }

    /** The most recently created run, if any. */
    Optional<RunInfo> latest() {
        return query(RUN_SELECT + " ORDER BY r.id DESC LIMIT 1").stream().findFirst();
    }

    private List<RunInfo> query(String sql) {
        List<RunInfo> out = new ArrayList<>();
        try (Statement s = store.connection().createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(new RunInfo(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9) != 0, rs.getString(10),
                        rs.getString(11), rs.getInt(12), rs.getInt(13), RunContent.fromDb(rs.getString(14)),
                        rs.getString(15), rs.getString(16)));
            }
        } catch (SQLException e) {
            throw store.fail("read runs", e);
        }
        return out;
    }

    /** The samples of a run still to be collected, in run order. */
    List<PendingSample> pending(long runId) {
        return samples(runId, false, "s.text", "read pending samples of run " + runId,
                rs -> new PendingSample(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
    }

    /** The completed samples of a run in run order, with their token counts. */
    List<RoutingStore.CompletedSample> completed(long runId) {
        return samples(runId, true, "rs.num_tokens", "read samples of run " + runId,
                rs -> new RoutingStore.CompletedSample(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
    }

    /** A run's samples whose done marker is {@code done}, in run order: id, lang, segment id, then {@code column}. */
    private <T> List<T> samples(long runId, boolean done, String column, String what, Row<T> row) {
        List<T> out = new ArrayList<>();
        try (PreparedStatement ps = store.connection().prepareStatement(
                "SELECT s.id, s.lang, s.segment_id, " + column + " FROM run_samples rs JOIN samples s ON s.id = rs.sample_id"
                        + " WHERE rs.run_id = ? AND rs.done = ? ORDER BY rs.ordinal")) {
            ps.setLong(1, runId);
            ps.setInt(2, done ? 1 : 0);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row.read(rs));
                }
            }
        } catch (SQLException e) {
            throw store.fail(what, e);
        }
        return out;
    }

    /** Reads one result row into a value. */
    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Marks the run complete; refuses (StoreException) while any sample is still pending. */
    void markComplete(long runId) {
        try (PreparedStatement ps = store.connection().prepareStatement("""
                UPDATE runs SET status = 'complete', completed_at = datetime('now') WHERE id = ?
                AND NOT EXISTS (SELECT 1 FROM run_samples WHERE run_id = ? AND done = 0)""")) {
            ps.setLong(1, runId);
            ps.setLong(2, runId);
            if (ps.executeUpdate() != 1) {
                throw new StoreException(store.file() + ": run " + runId + " still has pending samples");
            }
        } catch (SQLException e) {
            throw store.fail("complete run " + runId, e);
        }
    }
}
