package dev.moescope.bridge;

/**
 * The outputs of one forward pass over one sequence.
 *
 * @param logits            lm_head outputs: null for {@link LogitsMode#NONE}, {@code [1][V]} for LAST, {@code [T][V]} for ALL
 * @param nextTokenLogProbs length T-1: {@code log p(ids[t+1] | ids[0..t])} from a float32 log-softmax
 * @param trace             routing at every MoE layer, or null when not captured
 */
public record ForwardResult(float[][] logits, float[] nextTokenLogProbs, RoutingTrace trace) {
}
