package dev.moescope.bridge.inspect;

import dev.moescope.bridge.Architecture;
import dev.moescope.bridge.CheckpointLayout;
import dev.moescope.bridge.ModelConfig;

/**
 * Parameter counts of a model, from its config alone (no weights needed).
 *
 * <p>Convention for {@link #active}: the parameters one token passes through in a forward pass: embeddings
 * and lm_head (counted in full, as the published "active" figures of Mixtral, Qwen and OLMoE do), all attention
 * and norm weights, dense MLP layers, every router, the top-k routed experts of each MoE layer and the shared
 * expert (with its gate) where the architecture has one.
 *
 * @param embeddings    embed_tokens
 * @param lmHead        lm_head (0 when tied to the embeddings)
 * @param attention     q/k/v/o projections, their biases and q/k norms, all layers
 * @param norms         input/post-attention RMSNorms of all layers plus the final norm
 * @param routers       router weights (and router / correction biases) of all MoE layers
 * @param experts       all routed experts of all MoE layers
 * @param activeExperts top-k routed experts per MoE layer
 * @param sharedExperts shared experts (qwen2_moe with its sigmoid gate, deepseek, glm4_moe), all MoE layers
 * @param denseMlps     the MLPs of dense (non-MoE) layers
 */
public record ParameterCount(long embeddings, long lmHead, long attention, long norms, long routers, long experts,
                             long activeExperts, long sharedExperts, long denseMlps,
                             Architecture.ActiveCount activeCount) {

    public static final String ACTIVE_CONVENTION = "active = per token: attention + norms"
            + " + dense MLPs + routers + top-k experts + shared expert";

    /** Sums {@link CheckpointLayout}'s tensors by role; active routed experts = all x top-k / experts. */
    public static ParameterCount of(ModelConfig c) {
        long[] byRole = new long[CheckpointLayout.Role.values().length];
        for (CheckpointLayout.Entry e : CheckpointLayout.of(c)) {
            byRole[e.role().ordinal()] += e.parameters();
        }
        long experts = byRole[CheckpointLayout.Role.EXPERT.ordinal()];
        long active = c.numExperts() == 0 ? 0 : experts / c.numExperts() * c.numExpertsPerTok();
        return new ParameterCount(byRole[CheckpointLayout.Role.EMBEDDING.ordinal()],
                byRole[CheckpointLayout.Role.LM_HEAD.ordinal()], byRole[CheckpointLayout.Role.ATTENTION.ordinal()],
                byRole[CheckpointLayout.Role.NORM.ordinal()], byRole[CheckpointLayout.Role.ROUTER.ordinal()], experts,
                active, byRole[CheckpointLayout.Role.SHARED_EXPERT.ordinal()],
                byRole[CheckpointLayout.Role.DENSE_MLP.ordinal()], c.architecture().activeCount());
    }

    /** Everything that is always used, whichever experts are chosen. */
    private long alwaysUsed() {
        return embeddings + lmHead + attention + norms + routers + sharedExperts + denseMlps;
    }

    public long total() {
        return alwaysUsed() + experts;
    }

    /** Per token, as the family's model card counts it ({@link #activeCount}). */
    public long active() {
        long all = alwaysUsed() + activeExperts;
        return switch (activeCount) {
            case ALL -> all;
            case WITHOUT_INPUT_EMBEDDING -> all - embeddings + (lmHead == 0 ? embeddings : 0); // tied: the matmul stays
            case WITHOUT_EMBEDDINGS -> all - embeddings - lmHead;
        };
    }

    /** What {@link #active} counts, for display. */
    public String activeConvention() {
        return ACTIVE_CONVENTION + "; " + activeCount.description() + " (as this family's model cards count)";
    }
}
