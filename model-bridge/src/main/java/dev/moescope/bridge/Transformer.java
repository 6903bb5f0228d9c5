package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoder stack with the semantics of the HF v4.57.6 eager modeling code of every architecture in
 * {@link ArchitectureUnits}; what differs comes from the config's {@link Architecture}. Every call runs inside a
 * caller-provided sub-manager; activations are always the first operand so intermediates land in it (weights
 * live in the model's manager).
 */
final class Transformer {

    /** One forward step: B right-padded sequences of T new tokens, after {@code past} cached positions. */
    record Step(int[][] ids /* [B][T] */, int[] lengths /* real tokens per row */, int past) {
        int batch() {
            return ids.length;
        }

        int tokens() {
            return ids[0].length;
        }
    }

    /** What one layer's attention sees of the step: rope tables and the masks by window. */
    record Context(Step step, NDArray cos /* [B, T, 1, r] */, NDArray sin /* [B, T, 1, r] signed */,
                   NDArray[] masks /* per layer: [B, 1, 1, T, S] or null */, KvCache cache) {
        NDArray mask(int layer) {
            return masks[layer];
        }
    }

    private final ModelConfig config;
    private final Architecture arch;
    private final ModelWeights weights;
    private final LayerSource layers;
    private final DataType computeType;
    private final Rope rope;
    private final MoeBlock moe;
    private final Attention attention;
    // float32 scalars created once in the weights' manager: x.add(1e-6f) would create and free a scalar
    // tensor on every call (two extra native calls per op, ~40 per decode step)
    private final NDArray eps;        // [] rms_norm_eps
    private final NDArray latentEps;  // [] 1e-6: MLA's q_a / kv_a RMSNorms (HF's default eps there)
    private final NDArray minusHalf;  // [] -0.5, the exponent of rsqrt
    private final NDArray embeddingMultiplier; // [] granite, or null
    private final NDArray residualMultiplier;  // [] granite, or null
    private final NDArray logitsScaling;       // [] granite, or null

    /** The attention of one layer: {@code [B, T, hidden] -> [B, T, hidden]}. */
    interface Attention {
        NDArray forward(NDArray x, LayerWeights layer, Context ctx);
    }

    Transformer(ModelConfig config, ModelWeights weights, DataType computeType, ExpertDispatch dispatch) {
        this(config, weights, LayerSource.resident(weights.layers()), computeType, dispatch);
    }

    /** With the decoder layers from {@code layers} (resident or streamed); the rest of {@code weights} resident. */
    Transformer(ModelConfig config, ModelWeights weights, LayerSource layers, DataType computeType,
                ExpertDispatch dispatch) {
        this.config = config;
        this.arch = config.architecture();
        this.weights = weights;
        this.layers = layers;
        this.computeType = computeType;
        NDManager owner = weights.embed().getManager();
        this.rope = new Rope(arch.rope(), owner, computeType);
        this.moe = new MoeBlock(arch, dispatch, computeType);
        this.eps = owner.create((float) config.rmsNormEps());
        this.latentEps = owner.create(1e-6f);
        this.minusHalf = owner.create(-0.5f);
        Architecture.Multipliers m = arch.multipliers();
        this.embeddingMultiplier = m.embedding() == 1f ? null : owner.create(m.embedding()).toType(computeType, false);
        this.residualMultiplier = m.residual() == 1f ? null : owner.create(m.residual()).toType(computeType, false);
        this.logitsScaling = m.logitsScaling() == 1f ? null : owner.create(m.logitsScaling());
        this.attention = arch.attention() instanceof Architecture.Mla mla
                ? new MlaAttention(mla, rope, this, owner)
                : new GqaAttention((Architecture.Gqa) arch.attention(), rope, this, owner, computeType);
    }

    /**
     * Runs the decoder over one step.
     *
     * @param terms   per-layer intervention terms (null entries: untouched layers)
     * @param cache   KV cache to read and extend, or null for a stateless full pass
     * @param routing receives one entry per MoE layer
     * @return final-normed hidden states {@code [B, T, hidden]}
     */
    NDArray hidden(NDManager sub, Step step, MoeBlock.Terms[] terms, KvCache cache, boolean capture,
                   List<MoeBlock.Routing> routing) {
        int b = step.batch();
        int t = step.tokens();
        int h = config.hiddenSize();
        long[] flat = new long[b * t];
        int[][] positions = new int[b][t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                flat[i * t + j] = step.ids()[i][j];
                positions[i][j] = step.past() + j;
            }
        }
        NDArray x = weights.embed().get(sub, new NDIndex("{}", sub.create(flat))).reshape(b, t, h); // [B, T, hidden]
        if (embeddingMultiplier != null) {
            x = x.mul(embeddingMultiplier);
        }
        NDList cosSin = rope.tables(sub, positions);
        Map<Integer, NDArray> byWindow = new HashMap<>();   // one mask per distinct window (0: none)
        NDArray[] masks = new NDArray[arch.layers().size()];
        for (int i = 0; i < masks.length; i++) {
            Integer window = arch.layers().get(i).window();
            masks[i] = byWindow.computeIfAbsent(window == null ? 0 : window, w -> mask(sub, step, w));
        }
        Context ctx = new Context(step, cosSin.get(0).toType(computeType, false),
                cosSin.get(1).toType(computeType, false), masks, cache);
        for (int i = 0; i < layers.size(); i++) {
            LayerWeights layer = layers.acquire(i);   // streamed: read now, freed by release below
            try {
                x = cache == null ? scoped(sub, x, layer, ctx, terms, capture, routing)
                        : layer(sub, x, layer, ctx, terms, capture, routing);
            } finally {
                layers.release(layer);
            }
        }
        if (cache != null) {
            cache.advance(t);
        }
        return norm(x, weights.finalNorm());
    }

    /**
     * {@link #layer} with its intermediates in a scope of their own, freed before the next layer, so a full pass
     * holds one layer's activations rather than all of them; only the output {@code [B, T, hidden]} moves to
     * {@code sub}. Not with a KV cache, whose buffers are made from a layer's first keys and values.
     */
    private NDArray scoped(NDManager sub, NDArray x, LayerWeights layer, Context ctx, MoeBlock.Terms[] terms,
                           boolean capture, List<MoeBlock.Routing> routing) {
        try (NDManager scope = sub.newSubManager()) {
            x.tempAttach(scope);                    // ops on x land in scope; x returns to sub when it closes
            NDArray y = layer(scope, x, layer, ctx, terms, capture, routing);
            y.attach(sub);
            return y;
        }
    }

    /** One decoder layer: {@code [B, T, hidden] -> [B, T, hidden]}, the result in {@code sub}. */
    private NDArray layer(NDManager sub, NDArray x, LayerWeights layer, Context ctx, MoeBlock.Terms[] terms,
                          boolean capture, List<MoeBlock.Routing> routing) {
        Shape s = x.getShape();
        int b = (int) s.get(0);
        int t = (int) s.get(1);
        int h = (int) s.get(2);
        NDArray normed = norm(x, layer.inputNorm());                                    // [B, T, hidden]
        x = residual(x, attention.forward(normed, layer, ctx));
        normed = norm(x, layer.postAttentionNorm());
        NDArray mlpOut;                                                                 // [B, T, hidden]
        if (layer.moe() != null) {
            MoeBlock.Terms lt = terms == null ? null : terms[layer.index()];
            MoeBlock.Routing[] out = new MoeBlock.Routing[1];
            mlpOut = moe.forward(sub, normed.reshape(b * t, h), layer.index(), layer.moe(), lt, capture, out)
                    .reshape(b, t, h);
            routing.add(out[0]);
        } else {
            mlpOut = mlp(normed, layer.denseMlp());
        }
        return residual(x, mlpOut);          // activations first: the result is in sub, not the layer's manager
    }

    LayerSource layers() {
        return layers;
    }

    /** {@code x + y}, or granite's {@code x + y * residual_multiplier}. */
    private NDArray residual(NDArray x, NDArray y) {
        return x.add(residualMultiplier == null ? y : y.mul(residualMultiplier));
    }

    /** lm_head: {@code [..., hidden] -> [..., vocab]} in float32 (+ bias, / granite's logits_scaling). */
    NDArray logits(NDArray hidden) {
        NDArray y = hidden.matMul(weights.lmHeadT());
        if (weights.lmHeadBias() != null) {
            y = y.add(weights.lmHeadBias());
        }
        y = y.toType(DataType.FLOAT32, false);
        return logitsScaling == null ? y : y.div(logitsScaling);
    }

    /**
     * Additive attention mask {@code [B, 1, 1, T, S]} (0 or the dtype's lowest value): causal, key padding
     * of right-padded rows, and a sliding window ({@code query - key < window}) when {@code window > 0}. Null
     * when nothing is masked (a single unpadded token within the window).
     */
    private NDArray mask(NDManager sub, Step step, int window) {
        int b = step.batch();
        int t = step.tokens();
        int s = step.past() + t;
        boolean padded = false;
        for (int len : step.lengths()) {
            padded |= len < t;
        }
        if (t == 1 && !padded && (window == 0 || s <= window)) {
            return null;
        }
        float low = computeType == DataType.FLOAT16 ? -65504f : -Float.MAX_VALUE;
        float[] m = new float[b * t * s];
        for (int i = 0; i < b; i++) {
            int validKeys = step.past() + step.lengths()[i];
            for (int q = 0; q < t; q++) {
                int qPos = step.past() + q;
                for (int key = 0; key < s; key++) {
                    boolean allowed = key <= qPos && key < validKeys && (window == 0 || qPos - key < window);
                    m[(i * t + q) * s + key] = allowed ? 0f : low;
                }
            }
        }
        return sub.create(m, new Shape(b, 1, 1, t, s)).toType(computeType, false);
    }

    /** The residual-stream norm of the architecture. */
    NDArray norm(NDArray x, LayerWeights.Norm n) {
        if (n.bias() == null) {
            return rmsNorm(x, n.weight());
        }
        // LayerNorm over the last axis in float32 (torch's own kernel through DJL), weight and bias
        NDArray x32 = x.toType(DataType.FLOAT32, false);                                // [..., n]
        Shape last = new Shape(x.getShape().get(x.getShape().dimension() - 1));
        NDArray y = LayerNorm.layerNorm(x32, last, n.weight().toType(DataType.FLOAT32, false),
                n.bias().toType(DataType.FLOAT32, false), (float) config.rmsNormEps()).singletonOrThrow();
        return y.toType(computeType, false);
    }

    /**
     * RMSNorm in float32 over the last axis; {@code x * rsqrt(mean(x^2) + eps)}, cast back, times weight. The
     * in-place steps only touch tensors made here (inference runs without autograd).
     */
    NDArray rmsNorm(NDArray x, NDArray weight) {
        return rmsNorm(x, weight, eps);
    }

    /** As {@link #rmsNorm(NDArray, NDArray)} with eps 1e-6 (MLA's latent norms). */
    NDArray latentRmsNorm(NDArray x, NDArray weight) {
        return rmsNorm(x, weight, latentEps);
    }

    private NDArray rmsNorm(NDArray x, NDArray weight, NDArray epsilon) {
        NDArray x32 = x.toType(DataType.FLOAT32, false);                                // [..., n]
        NDArray inv = x32.square().mean(new int[] {-1}, true).addi(epsilon).powi(minusHalf); // [..., 1] rsqrt
        return x32.mul(inv).toType(computeType, false).muli(weight);                    // [..., n]
    }

    static NDArray mlp(NDArray x, LayerWeights.Mlp m) {
        return m.down().apply(MoeBlock.silu(m.gate().apply(x)).mul(m.up().apply(x)));
    }

    static List<Integer> layerIndices(List<MoeBlock.Routing> routing) {
        List<Integer> out = new ArrayList<>();
        routing.forEach(r -> out.add(r.layer()));
        return out;
    }
}
