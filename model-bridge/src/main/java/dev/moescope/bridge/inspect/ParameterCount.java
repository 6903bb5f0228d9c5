package dev.moescope.bridge.inspect;

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
 * @param routers       router (gate) weights of all MoE layers
 * @param experts       all routed experts of all MoE layers
 * @param activeExperts top-k routed experts per MoE layer
 * @param sharedExperts qwen2_moe shared expert and its sigmoid gate, all MoE layers
 * @param denseMlps     the MLPs of dense (non-MoE) layers
 */
public record ParameterCount(long embeddings, long lmHead, long attention, long norms, long routers, long experts,
                             long activeExperts, long sharedExperts, long denseMlps) {

    public static final String ACTIVE_CONVENTION = "active = per token: embeddings + lm_head + attention + norms"
            + " + dense MLPs + routers + top-k experts + shared expert";

    public static ParameterCount of(ModelConfig c) {
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long attnPerLayer = h * q + 2 * h * kv + q * h;
        if (c.qkvBias()) {
            attnPerLayer += q + 2 * kv;
        }
        if (c.outputBias()) {
            attnPerLayer += h;
        }
        if (c.perHeadQkNorm()) {
            attnPerLayer += 2L * c.headDim();
        } else if (c.projectionQkNorm()) {
            attnPerLayer += q + kv;
        }
        long expert = 3 * h * c.expertIntermediateSize();          // gate, up, down
        long shared = c.sharedExpertIntermediateSize() > 0 ? 3 * h * c.sharedExpertIntermediateSize() + h : 0;
        long dense = 3 * h * c.intermediateSize();
        long routers = 0;
        long experts = 0;
        long activeExperts = 0;
        long sharedExperts = 0;
        long denseMlps = 0;
        for (int layer = 0; layer < c.numHiddenLayers(); layer++) {
            if (c.isMoeLayer(layer)) {
                routers += (long) c.numExperts() * h;
                experts += c.numExperts() * expert;
                activeExperts += c.numExpertsPerTok() * expert;
                sharedExperts += shared;
            } else {
                denseMlps += dense;
            }
        }
        long embeddings = (long) c.vocabSize() * h;
        return new ParameterCount(embeddings, c.tieWordEmbeddings() ? 0 : embeddings,
                attnPerLayer * c.numHiddenLayers(), (2L * c.numHiddenLayers() + 1) * h,
                routers, experts, activeExperts, sharedExperts, denseMlps);
    }

    /** Everything that is always used, whichever experts are chosen. */
    private long alwaysUsed() {
        return embeddings + lmHead + attention + norms + routers + sharedExperts + denseMlps;
    }

    public long total() {
        return alwaysUsed() + experts;
    }

    public long active() {
        return alwaysUsed() + activeExperts;
    }
}
