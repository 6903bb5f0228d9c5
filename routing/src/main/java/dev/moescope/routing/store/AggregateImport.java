package dev.moescope.routing.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes a run that holds aggregates only (imported statistics, e.g. the paper's recorder output): the model
 * row, a corpus row for the imported folder, the run ({@link RunContent#AGGREGATES}, status complete, no samples)
 * and every agg_layer / agg_expert row, all in one transaction. Importing the same aggregates again returns the
 * existing run.
 */
final class AggregateImport {
    private final RoutingStore store;

    AggregateImport(RoutingStore store) {
        this.store = store;
    }

    RunInfo write(ImportedRun request, StoredAggregates agg) {
        checkShape(request, agg);
        String key = ModelFingerprint.sha256Hex(request.model().fingerprint() + "|imported|" + request.source()
                + "|" + request.contentSha256());
        Connection c = store.connection();
        try {
            var existing = store.optionalLong("SELECT id FROM runs WHERE run_key = ?", key);
            if (existing.isPresent()) {
                return store.run(existing.get());
            }
            c.setAutoCommit(false);
            long modelId = store.putModel(request.model());
            long corpusId = store.putCorpus(request.corpusName(), request.source());
            long runId;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO runs(run_key, model_id, corpus_id, selection, intervention_json, intervention_sha256,
                                     add_bos, status, completed_at, content, source, prompt_format)
                    VALUES (?, ?, ?, ?, '{}', ?, 0, 'complete', datetime('now'), ?, ?, ?)""",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, key);
                ps.setLong(2, modelId);
                ps.setLong(3, corpusId);
                ps.setString(4, request.selectionJson());
                ps.setString(5, ModelFingerprint.sha256Hex("{}"));
                ps.setString(6, RunContent.AGGREGATES.dbValue());
                ps.setString(7, request.source());
                ps.setString(8, request.promptFormat());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    runId = keys.getLong(1);
                }
            }
            writeAggregates(c, runId, agg);
            c.commit();
            return store.run(runId);
        } catch (SQLException e) {
            store.rollbackQuietly();
            throw store.fail("import aggregates from " + request.source(), e);
        } catch (RuntimeException e) {
            store.rollbackQuietly();
            throw e;
        } finally {
            store.autoCommit();
        }
    }

    private static void writeAggregates(Connection c, long runId, StoredAggregates agg) throws SQLException {
        try (PreparedStatement layer = c.prepareStatement(
                "INSERT INTO agg_layer(run_id, lang, layer, total_tokens, entropy_sum) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement expert = c.prepareStatement("""
                     INSERT INTO agg_expert(run_id, lang, layer, expert, activation_tokens, gate_values_sum)
                     VALUES (?, ?, ?, ?, ?, ?)""")) {
            for (int l = 0; l < agg.languages().size(); l++) {
                String lang = agg.languages().get(l);
                for (int y = 0; y < agg.moeLayers().size(); y++) {
                    int decoderLayer = agg.moeLayers().get(y);
                    layer.setLong(1, runId);
                    layer.setString(2, lang);
                    layer.setInt(3, decoderLayer);
                    layer.setLong(4, agg.totalTokens()[l][y]);
                    layer.setDouble(5, agg.softmaxEntropySum()[l][y]);
                    layer.addBatch();
                    for (int e = 0; e < agg.numExperts(); e++) {
                        expert.setLong(1, runId);
                        expert.setString(2, lang);
                        expert.setInt(3, decoderLayer);
                        expert.setInt(4, e);
                        expert.setLong(5, agg.activationTokens()[l][y][e]);
                        expert.setDouble(6, agg.gateValuesSum()[l][y][e]);
                        expert.addBatch();
                    }
                }
                expert.executeBatch();
            }
            layer.executeBatch();
        }
    }

    private static void checkShape(ImportedRun request, StoredAggregates agg) {
        ModelInfo m = request.model();
        if (!m.moeLayers().equals(agg.moeLayers()) || m.numExperts() != agg.numExperts() || m.topK() != agg.topK()) {
            throw new IllegalArgumentException("imported aggregates (" + agg.moeLayers().size() + " layers x " + agg.numExperts()
                    + " experts, top-" + agg.topK() + ") do not match the model " + m.path() + " (" + m.moeLayers().size()
                    + " layers x " + m.numExperts() + ", top-" + m.topK() + ")");
        }
        if (agg.languages().isEmpty()) {
            throw new IllegalArgumentException(request.source() + ": no language to import");
        }
    }

    /**
     * Languages of an aggregates-only run, in the order of its selection (the imported files), else sorted.
     */
    static List<String> languages(RoutingStore store, long runId) throws SQLException {
        List<String> langs = new java.util.ArrayList<>();
        try (PreparedStatement ps = store.connection().prepareStatement(
                "SELECT DISTINCT lang FROM agg_layer WHERE run_id = ? ORDER BY lang")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    langs.add(rs.getString(1));
                }
            }
        }
        return langs;
    }
}
