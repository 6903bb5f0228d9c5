package dev.moescope.routing.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads aggregates and traces back into arrays. */
final class AggregateReader {
    private final RoutingStore store;

    AggregateReader(RoutingStore store) {
        this.store = store;
    }

    StoredAggregates read(long runId, ModelInfo model) {
        Connection c = store.connection();
        try {
            List<String> langs = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT s.lang FROM run_samples rs JOIN samples s ON s.id = rs.sample_id WHERE rs.run_id = ?
                    GROUP BY s.lang ORDER BY min(rs.ordinal)""")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        langs.add(rs.getString(1));
                    }
                }
            }
            if (langs.isEmpty()) { // a run of imported aggregates has no samples: its languages are its rows
                langs.addAll(AggregateImport.languages(store, runId));
            }
            Map<String, Integer> langIndex = index(langs);
            Map<Integer, Integer> layerIndex = new HashMap<>();
            for (int i = 0; i < model.moeLayers().size(); i++) {
                layerIndex.put(model.moeLayers().get(i), i);
            }
            int nl = langs.size();
            int layers = model.moeLayers().size();
            int e = model.numExperts();
            long[][] total = new long[nl][layers];
            double[][] entropy = new double[nl][layers];
            long[][][] act = new long[nl][layers][e];
            double[][][] gate = new double[nl][layers][e];
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT lang, layer, total_tokens, entropy_sum FROM agg_layer WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int l = langIndex.get(rs.getString(1));
                        int li = layerIndex.get(rs.getInt(2));
                        total[l][li] = rs.getLong(3);
                        entropy[l][li] = rs.getDouble(4);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT layer, expert, activation_tokens, gate_values_sum FROM agg_expert
                    WHERE run_id = ? AND lang = ?""")) { // one query per language: no string per row
                for (int l = 0; l < nl; l++) {
                    ps.setLong(1, runId);
                    ps.setString(2, langs.get(l));
                    try (ResultSet rs = ps.executeQuery()) {
                        int lastLayer = Integer.MIN_VALUE;
                        int li = -1;
                        while (rs.next()) {
                            int layer = rs.getInt(1);
                            if (layer != lastLayer) { // rows come in primary-key order
                                li = layerIndex.get(layer);
                                lastLayer = layer;
                            }
                            int expert = rs.getInt(2);
                            act[l][li][expert] = rs.getLong(3);
                            gate[l][li][expert] = rs.getDouble(4);
                        }
                    }
                }
            }
            return new StoredAggregates(List.copyOf(langs), model.moeLayers(), e, model.topK(), total, act, gate, entropy);
        } catch (SQLException ex) {
            throw store.fail("read aggregates of run " + runId, ex);
        }
    }

    SampleTrace trace(long runId, long sampleId, ModelInfo model) {
        Connection c = store.connection();
        try {
            int[] tokens;
            String lang;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT rs.tokens, s.lang FROM run_samples rs JOIN samples s ON s.id = rs.sample_id
                    WHERE rs.run_id = ? AND rs.sample_id = ? AND rs.done = 1""")) {
                ps.setLong(1, runId);
                ps.setLong(2, sampleId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException(store.file() + ": run " + runId + " has no completed sample " + sampleId);
                    }
                    tokens = TracePacking.unpackTokens(rs.getBytes(1));
                    lang = rs.getString(2);
                }
            }
            List<LayerTrace> layers;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT expert_ids, weights, entropy FROM traces WHERE run_id = ? AND sample_id = ?")) {
                ps.setLong(1, runId);
                ps.setLong(2, sampleId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new StoreException(store.file() + ": completed sample " + sampleId + " has no trace row");
                    }
                    layers = TracePacking.unpackLayers(model, tokens.length, rs.getBytes(1), rs.getBytes(2), rs.getBytes(3));
                }
            }
            return new SampleTrace(sampleId, lang, tokens, layers);
        } catch (SQLException ex) {
            throw store.fail("read trace of sample " + sampleId, ex);
        }
    }

    private static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            m.put(names.get(i), i);
        }
        return m;
    }
}
