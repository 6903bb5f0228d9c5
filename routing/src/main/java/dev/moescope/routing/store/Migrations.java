package dev.moescope.routing.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The numbered schema steps of the routing database. Step {@code n} takes a database from version
 * {@code n - 1} to {@code n}; opening an older database applies the missing steps in one transaction.
 * Never edit a released step: append a new one.
 */
public final class Migrations {
    private Migrations() {
    }

    /** Step i (0-based) brings the schema to version i + 1. */
    static final List<String> STEPS = List.of(
            // v1: models, corpora, samples, runs, per-sample traces, per-run aggregates (the paper's recorder)
            """
            CREATE TABLE models(
              id INTEGER PRIMARY KEY,
              fingerprint TEXT NOT NULL UNIQUE,     -- sha256 of config.json + safetensors headers
              path TEXT NOT NULL,
              arch TEXT NOT NULL,
              num_layers INTEGER NOT NULL,
              moe_layers TEXT NOT NULL,             -- comma-separated decoder layer indices, ascending
              num_experts INTEGER NOT NULL,
              top_k INTEGER NOT NULL,
              created_at TEXT NOT NULL DEFAULT (datetime('now')));
            CREATE TABLE corpora(
              id INTEGER PRIMARY KEY,
              name TEXT NOT NULL UNIQUE,
              source TEXT);
            CREATE TABLE samples(
              id INTEGER PRIMARY KEY,
              corpus_id INTEGER NOT NULL REFERENCES corpora(id),
              lang TEXT NOT NULL,
              segment_id TEXT NOT NULL,
              article TEXT,
              split TEXT NOT NULL,
              text TEXT NOT NULL,
              text_sha256 TEXT NOT NULL,
              UNIQUE(corpus_id, lang, segment_id, split, text_sha256));
            CREATE TABLE runs(
              id INTEGER PRIMARY KEY,
              run_key TEXT NOT NULL UNIQUE,         -- sha256 of model fingerprint + samples + intervention + options
              model_id INTEGER NOT NULL REFERENCES models(id),
              corpus_id INTEGER NOT NULL REFERENCES corpora(id),
              selection TEXT NOT NULL,              -- JSON: languages and split chosen
              intervention_json TEXT NOT NULL,      -- canonical steering JSON, {} for none
              intervention_sha256 TEXT NOT NULL,
              add_bos INTEGER NOT NULL,
              status TEXT NOT NULL CHECK(status IN ('running', 'complete')),
              created_at TEXT NOT NULL DEFAULT (datetime('now')),
              completed_at TEXT);
            CREATE TABLE run_samples(
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              sample_id INTEGER NOT NULL REFERENCES samples(id),
              ordinal INTEGER NOT NULL,
              done INTEGER NOT NULL DEFAULT 0,      -- committed in the same transaction as traces + aggregates
              num_tokens INTEGER,
              tokens BLOB,                          -- i32 LE token ids as fed to the model
              PRIMARY KEY(run_id, sample_id)) WITHOUT ROWID;
            CREATE INDEX run_samples_todo ON run_samples(run_id, done, ordinal);
            CREATE TABLE traces(                    -- one row per sample: a row per layer would waste half
              run_id INTEGER NOT NULL,              -- an overflow page per layer (~30% of the file)
              sample_id INTEGER NOT NULL,
              expert_ids BLOB NOT NULL,             -- [L, T, k] u8 (E <= 256) or u16, MoE layers ascending
              weights BLOB NOT NULL,                -- [L, T, k] f16 routing weights
              entropy BLOB NOT NULL,                -- [L, T] f16 router softmax entropy, nats
              PRIMARY KEY(run_id, sample_id),
              FOREIGN KEY(run_id, sample_id) REFERENCES run_samples(run_id, sample_id) ON DELETE CASCADE);
            CREATE TABLE agg_layer(
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              lang TEXT NOT NULL,
              layer INTEGER NOT NULL,
              total_tokens INTEGER NOT NULL,
              entropy_sum REAL NOT NULL,
              PRIMARY KEY(run_id, lang, layer)) WITHOUT ROWID;
            CREATE TABLE agg_expert(
              run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
              lang TEXT NOT NULL,
              layer INTEGER NOT NULL,
              expert INTEGER NOT NULL,
              activation_tokens INTEGER NOT NULL,
              gate_values_sum REAL NOT NULL,
              PRIMARY KEY(run_id, lang, layer, expert)) WITHOUT ROWID;
            """,
            // v2: cached bits-per-byte results of intervention / steering experiments
            """
            CREATE TABLE eval_results(
              model_id INTEGER NOT NULL REFERENCES models(id),
              intervention_sha256 TEXT NOT NULL,
              eval_key TEXT NOT NULL,               -- sha256 of the evaluated samples and options
              lang TEXT NOT NULL,
              nll_nats REAL NOT NULL,               -- -sum ln p over scored tokens
              scored_bytes INTEGER NOT NULL,
              scored_tokens INTEGER NOT NULL,
              PRIMARY KEY(model_id, intervention_sha256, eval_key, lang)) WITHOUT ROWID;
            """,
            // v3: what a run holds (local traces, imported aggregates, remote ids-only routing), where it came
            // from, and the prompt format its samples were rendered with (null: raw text)
            """
            ALTER TABLE runs ADD COLUMN content TEXT NOT NULL DEFAULT 'traces'
              CHECK(content IN ('traces', 'aggregates', 'ids-only'));
            ALTER TABLE runs ADD COLUMN source TEXT;         -- e.g. the server URL or the imported folder
            ALTER TABLE runs ADD COLUMN prompt_format TEXT;  -- JSON: prompt template, chat template sha256, vars
            """,
            // v4: cached task-level results (multiple-choice accuracy, generation metrics) of interventions
            """
            CREATE TABLE task_results(
              model_id INTEGER NOT NULL REFERENCES models(id),
              intervention_sha256 TEXT NOT NULL,
              task_key TEXT NOT NULL,               -- sha256 of this language's task records, field names and BOS
              metric TEXT NOT NULL,                 -- the metric family and its settings, e.g. mc or generation:...
              lang TEXT NOT NULL,
              samples INTEGER NOT NULL,
              counts TEXT NOT NULL,                 -- JSON object of named sums, e.g. {"correct_sum": 3}
              PRIMARY KEY(model_id, intervention_sha256, task_key, metric, lang)) WITHOUT ROWID;
            """);

    /** The schema version this build writes. */
    public static int latestVersion() {
        return STEPS.size();
    }

    /** Reads the schema version: 0 for an empty database, -1 for a SQLite file that is not ours. */
    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            boolean hasTable;
            try (ResultSet rs = s.executeQuery(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'")) {
                hasTable = rs.next();
            }
            if (!hasTable) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                    return rs.next() && rs.getInt(1) == 0 ? 0 : -1;
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    /** Applies steps {@code from+1 .. to} in one transaction (all or nothing). */
    static void migrate(Connection c, int from, int to) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL,"
                    + " applied_at TEXT NOT NULL DEFAULT (datetime('now')))");
            for (int v = from + 1; v <= to; v++) {
                for (String sql : STEPS.get(v - 1).split(";\\s*\\n")) {
                    if (!sql.isBlank()) {
                        s.executeUpdate(sql);
                    }
                }
                s.executeUpdate("INSERT INTO schema_version(version) VALUES (" + v + ")");
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
