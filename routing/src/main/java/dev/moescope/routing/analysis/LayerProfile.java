package dev.moescope.routing.analysis;

/**
 * Routing measures of one MoE layer, one array entry per language (in the order of
 * {@link LayerwiseProfile#languages()}).
 *
 * @param decoderLayer          decoder layer index
 * @param tokens                [lang] tokens routed (0 marks "no data" for the entries below)
 * @param exclusiveCount        [lang] experts exclusive to the language at this layer
 * @param sharedCount           experts shared at this layer
 * @param meanRouterEntropy     [lang] mean per-token entropy of the router softmax over all
 *                              experts, nats (softmaxEntropySum / tokens; 0 without tokens)
 * @param usageEntropy          [lang] entropy of the usage distribution
 *                              p_e = activation_e / sum activation, nats (0 without tokens)
 * @param jsdToReference        [lang] Jensen-Shannon divergence, bits, of the language's usage
 *                              distribution to the reference language's; NaN when either has
 *                              no tokens (no recorded activation) at this layer
 */
public record LayerProfile(
        int decoderLayer,
        long[] tokens,
        int[] exclusiveCount,
        int sharedCount,
        double[] meanRouterEntropy,
        double[] usageEntropy,
        double[] jsdToReference) {
}
