package dev.moescope.routing.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The models, corpora and samples tables: what runs are made of. Each put is idempotent and returns the row id. */
final class Catalog {
    private final RoutingStore store;

    Catalog(RoutingStore store) {
        this.store = store;
    }

    /** Inserts the model, or returns the id of the one with the same fingerprint (updating its path). */
    long putModel(ModelInfo m) {
        try {
            try (PreparedStatement ps = store.connection().prepareStatement("""
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
            throw store.fail("store model " + m.path(), e);
        }
    }

    ModelInfo model(long modelId) {
        try (PreparedStatement ps = store.connection().prepareStatement(
                "SELECT fingerprint, path, arch, num_layers, moe_layers, num_experts, top_k FROM models WHERE id = ?")) {
            ps.setLong(1, modelId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new StoreException(store.file() + ": no model with id " + modelId);
                }
                List<Integer> layers = rs.getString(5).isEmpty() ? List.of()
                        : Arrays.stream(rs.getString(5).split(",")).map(Integer::valueOf).toList();
                return new ModelInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), layers,
                        rs.getInt(6), rs.getInt(7));
            }
        } catch (SQLException e) {
            throw store.fail("read model " + modelId, e);
        }
    }

    long putCorpus(String name, String source) {
        try {
            try (PreparedStatement ps = store.connection().prepareStatement(
                    "INSERT INTO corpora(name, source) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET source = excluded.source")) {
                ps.setString(1, name);
                ps.setString(2, source);
                ps.executeUpdate();
            }
            return queryLong("SELECT id FROM corpora WHERE name = ?", name);
        } catch (SQLException e) {
            throw store.fail("store corpus " + name, e);
        }
    }

    /** Where a corpus was read from ("demo" or a path), or null when unknown. */
    String corpusSource(long corpusId) {
        try (PreparedStatement ps = store.connection().prepareStatement("SELECT source FROM corpora WHERE id = ?")) {
            ps.setLong(1, corpusId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw store.fail("read corpus " + corpusId, e);
        }
    }

    /** Stores the samples in one transaction (same corpus, language, segment, split and text = same id), in order. */
    List<Long> putSamples(long corpusId, List<SampleText> samples) {
        List<Long> ids = new ArrayList<>(samples.size());
        Connection c = store.connection();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("""
                    INSERT INTO samples(corpus_id, lang, segment_id, article, split, text, text_sha256)
                    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
                 PreparedStatement get = c.prepareStatement("""
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
            c.commit();
            return ids;
        } catch (SQLException e) {
            store.rollbackQuietly();
            throw store.fail("store samples", e);
        } finally {
            store.autoCommit();
        }
    }

    private long queryLong(String sql, String arg) throws SQLException {
        return store.optionalLong(sql, arg).orElseThrow(() -> new SQLException("no row for " + arg));
    }
}
