package dev.moescope.routing.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Copies samples another run already computed (same model, intervention, BOS option and content) into a run. */
final class SampleReuse {
    private final RoutingStore store;

    SampleReuse(RoutingStore store) {
        this.store = store;
    }

    int fill(RunInfo run, ModelInfo model) {
        long runId = run.id();
        List<SampleTrace> found = new ArrayList<>();
        try (PreparedStatement ps = store.connection().prepareStatement("""
                SELECT rs.sample_id, s.lang, d.tokens, t.expert_ids, t.weights, t.entropy
                FROM run_samples rs
                JOIN samples s ON s.id = rs.sample_id
                JOIN runs donor ON donor.model_id = ? AND donor.intervention_sha256 = ? AND donor.add_bos = ?
                                   AND donor.content = ? AND donor.id <> rs.run_id
                JOIN run_samples d ON d.run_id = donor.id AND d.sample_id = rs.sample_id AND d.done = 1
                JOIN traces t ON t.run_id = d.run_id AND t.sample_id = d.sample_id
                WHERE rs.run_id = ? AND rs.done = 0
                GROUP BY rs.sample_id ORDER BY min(rs.ordinal)""")) {
            ps.setLong(1, run.modelId());
            ps.setString(2, run.interventionSha256());
            ps.setInt(3, run.addBos() ? 1 : 0);
            ps.setString(4, run.content().dbValue()); // full traces never come from an ids-only run
            ps.setLong(5, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int[] tokens = TracePacking.unpackTokens(rs.getBytes(3));
                    found.add(new SampleTrace(rs.getLong(1), rs.getString(2), tokens,
                            TracePacking.unpackLayers(model, tokens.length, rs.getBytes(4), rs.getBytes(5), rs.getBytes(6))));
                }
            }
        } catch (SQLException e) {
            throw store.fail("find reusable samples for run " + runId, e);
        }
        int reused = 0;
        TraceWriter writer = new TraceWriter(store);
        for (int from = 0; from < found.size(); from += 64) {
            reused += writer.commit(runId, model, found.subList(from, Math.min(found.size(), from + 64)));
        }
        return reused;
    }
}
