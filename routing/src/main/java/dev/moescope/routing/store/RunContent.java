package dev.moescope.routing.store;

/** What a run holds; analyses that need more than a run holds say so instead of showing zeros. */
public enum RunContent {
    /** Collected locally: per-token expert ids, gate weights and router entropy, plus aggregates. */
    TRACES("traces"),
    /** Imported statistics (e.g. the paper's recorder output): per-(language, layer, expert) aggregates only. */
    AGGREGATES("aggregates"),
    /** Collected from a remote engine (vLLM / SGLang): per-token expert ids and counts, no gate weights. */
    IDS_ONLY("ids-only");

    private final String dbValue;

    RunContent(String dbValue) {
        this.dbValue = dbValue;
    }

    /** The value stored in {@code runs.content}. */
    public String dbValue() {
        return dbValue;
    }

    public boolean hasTraces() {
        return this != AGGREGATES;
    }

    /** Whether the run's aggregates include gate-weight sums (imported recorder output has them; servers send ids only). */
    public boolean hasGateWeights() {
        return this != IDS_ONLY;
    }

    public static RunContent fromDb(String value) {
        for (RunContent c : values()) {
            if (c.dbValue.equals(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown run content '" + value + "'");
    }
}
