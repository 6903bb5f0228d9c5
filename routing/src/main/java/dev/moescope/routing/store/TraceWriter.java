package dev.moescope.routing.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one batch in one transaction. A sample counts only if its done marker flips from 0 to 1 in this
 * transaction, so a batch replayed after a crash (or by a second process) adds nothing twice.
 */
final class TraceWriter {
    private final RoutingStore store;

    TraceWriter(RoutingStore store) {
        this.store = store;
    }

    /** Returns the number of samples newly committed. */
    int commit(long runId, ModelInfo model, List<SampleTrace> batch) {
        for (SampleTrace s : batch) {
            validate(s, model);
        }
        Connection c = store.connection();
        Map<String, LangDelta> deltas = new LinkedHashMap<>();
        int committed = 0;
        try {
            c.setAutoCommit(false);
            try (PreparedStatement done = c.prepareStatement("""
                    UPDATE run_samples SET done = 1, num_tokens = ?, tokens = ?
                    WHERE run_id = ? AND sample_id = ? AND done = 0""");
                 PreparedStatement trace = c.prepareStatement("""
                    INSERT INTO traces(run_id, sample_id, expert_ids, weights, entropy)
                    VALUES (?, ?, ?, ?, ?)""")) {
                for (SampleTrace s : batch) {
                    done.setInt(1, s.tokens().length);
                    done.setBytes(2, TracePacking.packTokens(s.tokens()));
                    done.setLong(3, runId);
                    done.setLong(4, s.sampleId());
                    if (done.executeUpdate() != 1) {
                        continue; // already committed (or not part of this run): never count twice
                    }
                    committed++;
                    LangDelta delta = deltas.computeIfAbsent(s.lang(),
                            l -> new LangDelta(model.moeLayers().size(), model.numExperts()));
                    for (int li = 0; li < s.layers().size(); li++) {
                        delta.add(li, s.layers().get(li));
                    }
                    trace.setLong(1, runId);
                    trace.setLong(2, s.sampleId());
                    trace.setBytes(3, TracePacking.packLayerIds(s.layers(), model.numExperts()));
                    trace.setBytes(4, TracePacking.packLayerWeights(s.layers())); // empty for ids-only
                    trace.setBytes(5, TracePacking.packLayerEntropy(s.layers()));
                    trace.addBatch();
                }
                trace.executeBatch();
            }
            for (Map.Entry<String, LangDelta> e : deltas.entrySet()) {
                e.getValue().write(c, runId, e.getKey(), model.moeLayers());
            }
            c.commit();
            return committed;
        } catch (SQLException e) {
            store.rollbackQuietly();
            throw store.fail("commit batch of run " + runId, e);
        } finally {
            store.autoCommit();
        }
    }

    private static void validate(SampleTrace s, ModelInfo model) {
        int t = s.tokens().length;
        boolean weighted = s.layers().isEmpty() || s.layers().get(0).hasWeights();
        if (s.layers().size() != model.moeLayers().size()) {
            throw new StoreException("sample " + s.sampleId() + ": trace has " + s.layers().size()
                    + " MoE layers, the model has " + model.moeLayers().size());
        }
        for (int li = 0; li < s.layers().size(); li++) {
            LayerTrace lt = s.layers().get(li);
            if (lt.layer() != model.moeLayers().get(li)) {
                throw new StoreException("sample " + s.sampleId() + ": layer " + lt.layer() + " at position " + li
                        + ", expected MoE layer " + model.moeLayers().get(li));
            }
            if (lt.hasWeights() != weighted) {
                throw new StoreException("sample " + s.sampleId() + " layer " + lt.layer()
                        + ": some layers carry gate weights and some do not (a trace is either full or ids-only)");
            }
            if (lt.topkIds().length != t || (weighted && (lt.topkWeights().length != t || lt.entropy().length != t))) {
                throw new StoreException("sample " + s.sampleId() + " layer " + lt.layer() + ": expected " + t
                        + " token rows in ids" + (weighted ? ", weights and entropy" : ""));
            }
            for (int[] row : lt.topkIds()) {
                if (row.length != model.topK()) {
                    throw new StoreException("sample " + s.sampleId() + " layer " + lt.layer() + ": top-k row of "
                            + row.length + " ids, expected " + model.topK());
                }
            }
        }
    }

    /** Increments of one language in this batch. */
    private static final class LangDelta {
        final long[] total;          // [layer]
        final double[] entropy;      // [layer]
        final long[][] activations;  // [layer][e]
        final double[][] gates;      // [layer][e]

        LangDelta(int layers, int experts) {
            total = new long[layers];
            entropy = new double[layers];
            activations = new long[layers][experts];
            gates = new double[layers][experts];
        }

        void add(int li, LayerTrace lt) {
            total[li] += lt.topkIds().length;
            boolean weighted = lt.hasWeights(); // ids-only: gate and entropy sums stay 0 (the run says they are absent)
            for (int t = 0; t < lt.topkIds().length; t++) {
                if (weighted) {
                    entropy[li] += lt.entropy()[t];
                }
                for (int j = 0; j < lt.topkIds()[t].length; j++) {
                    int e = lt.topkIds()[t][j];
                    activations[li][e]++;
                    if (weighted) {
                        gates[li][e] += lt.topkWeights()[t][j]; // full float32 weight, not the f16 copy
                    }
                }
            }
        }

        void write(Connection c, long runId, String lang, List<Integer> layers) throws SQLException {
            try (PreparedStatement layer = c.prepareStatement("""
                    INSERT INTO agg_layer(run_id, lang, layer, total_tokens, entropy_sum) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET total_tokens = total_tokens + excluded.total_tokens,
                                              entropy_sum = entropy_sum + excluded.entropy_sum""");
                 PreparedStatement expert = c.prepareStatement("""
                    INSERT INTO agg_expert(run_id, lang, layer, expert, activation_tokens, gate_values_sum)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT DO UPDATE SET activation_tokens = activation_tokens + excluded.activation_tokens,
                                              gate_values_sum = gate_values_sum + excluded.gate_values_sum""")) {
                for (int li = 0; li < layers.size(); li++) {
                    layer.setLong(1, runId);
                    layer.setString(2, lang);
                    layer.setInt(3, layers.get(li));
                    layer.setLong(4, total[li]);
                    layer.setDouble(5, entropy[li]);
                    layer.addBatch();
                    for (int e = 0; e < activations[li].length; e++) {
                        if (activations[li][e] == 0) {
                            continue; // absent rows read back as zero
                        }
                        expert.setLong(1, runId);
                        expert.setString(2, lang);
                        expert.setInt(3, layers.get(li));
                        expert.setInt(4, e);
                        expert.setLong(5, activations[li][e]);
                        expert.setDouble(6, gates[li][e]);
                        expert.addBatch();
                    }
                }
                layer.executeBatch();
                expert.executeBatch();
            }
        }
    }
}
