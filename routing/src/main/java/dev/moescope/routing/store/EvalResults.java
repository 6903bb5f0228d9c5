package dev.moescope.routing.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** The eval_results table: bits-per-byte inputs cached per model, intervention, evaluated samples and language. */
final class EvalResults {
    private final RoutingStore store;

    EvalResults(RoutingStore store) {
        this.store = store;
    }

    Optional<EvalResult> get(long modelId, String interventionSha, String evalKey, String lang) {
        try (PreparedStatement ps = store.connection().prepareStatement("""
                SELECT nll_nats, scored_bytes, scored_tokens FROM eval_results
                WHERE model_id = ? AND intervention_sha256 = ? AND eval_key = ? AND lang = ?""")) {
            ps.setLong(1, modelId);
            ps.setString(2, interventionSha);
            ps.setString(3, evalKey);
            ps.setString(4, lang);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new EvalResult(lang, rs.getDouble(1), rs.getLong(2), rs.getLong(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw store.fail("read eval result", e);
        }
    }

    void put(long modelId, String interventionSha, String evalKey, EvalResult r) {
        try (PreparedStatement ps = store.connection().prepareStatement("""
                INSERT OR REPLACE INTO eval_results(model_id, intervention_sha256, eval_key, lang, nll_nats,
                scored_bytes, scored_tokens) VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setLong(1, modelId);
            ps.setString(2, interventionSha);
            ps.setString(3, evalKey);
            ps.setString(4, r.lang());
            ps.setDouble(5, r.nllNats());
            ps.setLong(6, r.scoredBytes());
            ps.setLong(7, r.scoredTokens());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.fail("store eval result", e);
        }
    }
}
