package dev.moescope.routing.store;

/**
 * The routing of one sample at one MoE layer.
 *
 * @param layer       decoder layer index
 * @param topkIds     [T, k] selected experts, descending weight (engine order for ids-only traces)
 * @param topkWeights [T, k] weights that multiply the expert outputs; null in an ids-only trace (a remote engine
 *                    returns expert ids only)
 * @param entropy     [T] entropy (nats) of the router softmax over all experts; null in an ids-only trace
 */
public record LayerTrace(int layer, int[][] topkIds, float[][] topkWeights, float[] entropy) {

    /** A trace of expert ids alone (no gate weights, no router entropy), as a remote engine returns it. */
    public static LayerTrace idsOnly(int layer, int[][] topkIds) {
        return new LayerTrace(layer, topkIds, null, null);
    }

    /** Whether gate weights and router entropy are present (false for an ids-only trace). */
    public boolean hasWeights() {
        return topkWeights != null && entropy != null;
    }

    /** Tokens in this trace. */
    public int tokens() {
        return topkIds.length;
    }
}
