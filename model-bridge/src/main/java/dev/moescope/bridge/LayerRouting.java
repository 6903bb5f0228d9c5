package dev.moescope.bridge;

/**
 * Routing of one MoE layer, one row per token.
 *
 * @param layer        decoder layer index (0-based)
 * @param routerLogits {@code [T][E]} router outputs before any intervention
 * @param topkIds      {@code [T][k]} selected experts, by descending weight
 * @param topkWeights  {@code [T][k]} the weights that multiply the expert outputs
 */
public record LayerRouting(int layer, float[][] routerLogits, int[][] topkIds, float[][] topkWeights) {

    public int tokenCount() {
        return topkIds.length;
    }
}
