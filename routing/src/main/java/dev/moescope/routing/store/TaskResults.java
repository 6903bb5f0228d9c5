package dev.moescope.routing.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Optional;

/** The task_results table: task-level sums cached per model, intervention, task records, metric and language. */
final class TaskResults {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RoutingStore store;

    TaskResults(RoutingStore store) {
        this.store = store;
    }

    Optional<TaskResult> get(long modelId, String interventionSha, String taskKey, String metric, String lang) {
        try (PreparedStatement ps = store.connection().prepareStatement("""
                SELECT samples, counts FROM task_results
                WHERE model_id = ? AND intervention_sha256 = ? AND task_key = ? AND metric = ? AND lang = ?""")) {
            ps.setLong(1, modelId);
            ps.setString(2, interventionSha);
            ps.setString(3, taskKey);
            ps.setString(4, metric);
            ps.setString(5, lang);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                LinkedHashMap<String, Double> counts = JSON.readValue(rs.getString(2), new TypeReference<>() { });
                return Optional.of(new TaskResult(lang, rs.getInt(1), counts));
            }
        } catch (SQLException e) {
            throw store.fail("read task result", e);
        } catch (JsonProcessingException e) {
            throw new StoreException(store.file() + ": task_results row for " + lang + " (" + metric + ") holds unreadable counts: "
                    + e.getOriginalMessage(), e);
        }
    }

    void put(long modelId, String interventionSha, String taskKey, String metric, TaskResult r) {
        try (PreparedStatement ps = store.connection().prepareStatement("""
                INSERT OR REPLACE INTO task_results(model_id, intervention_sha256, task_key, metric, lang, samples, counts)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setLong(1, modelId);
            ps.setString(2, interventionSha);
            ps.setString(3, taskKey);
            ps.setString(4, metric);
            ps.setString(5, r.lang());
            ps.setInt(6, r.samples());
            ps.setString(7, JSON.writeValueAsString(r.counts()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw store.fail("store task result", e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("task result counts not serialisable: " + r.counts(), e);
        }
    }
}
