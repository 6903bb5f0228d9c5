package dev.moescope.routing.store;

import dev.moescope.routing.testing.FakeRoutingSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Schema v4: task results beside the bpb cache of a v3 database. */
class TaskResultsTest {
    @TempDir
    Path dir;

    @Test
    void aV3DatabaseGainsTaskResultsAndKeepsItsBitsPerByteCache() throws Exception {
        Path db = dir.resolve("v3.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Migrations.migrate(c, 0, 3);
        }
        try (RoutingStore store = RoutingStore.open(db)) {
            long model = store.putModel(FakeRoutingSource.small().modelInfo());
            store.putEvalResult(model, "sha", "key", new EvalResult("en", 10, 20, 5));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            assertEquals(4, Migrations.currentVersion(c));
        }
        try (RoutingStore store = RoutingStore.open(db)) {
            assertEquals(20, store.evalResult(1, "sha", "key", "en").orElseThrow().scoredBytes());
            Map<String, Double> counts = new LinkedHashMap<>();
            counts.put("correct_sum", 3.0);
            counts.put("answer_logprob_sum", -12.5);
            store.putTaskResult(1, "sha", "task", "mc", new TaskResult("eng_Latn", 4, counts));
            TaskResult r = store.taskResult(1, "sha", "task", "mc", "eng_Latn").orElseThrow();
            assertEquals(4, r.samples());
            assertEquals(0.75, r.share("correct_sum"));
            assertEquals(counts, r.counts());
            assertTrue(store.taskResult(1, "sha", "task", "generation:greedy", "eng_Latn").isEmpty(), "metric is part of the key");
            assertThrows(IllegalArgumentException.class, () -> r.share("exact"));
        }
    }
}
