package dev.moescope.routing.store;

/**
 * The routing of one sample at one MoE layer.
 *
 * @param layer       decoder layer index
 * @param topkIds     [T, k] selected experts, descending weight
 * @param topkWeights [T, k] weights that multiply the expert outputs
 * @param entropy     [T] entropy (nats) of the router softmax over all experts
 */
public record LayerTrace(int layer, int[][] topkIds, float[][] topkWeights, float[] entropy) {
}
