package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * The decoder stack with the semantics of the HF v4.57 eager modeling code of qwen3_moe, olmoe, mixtral and
 * qwen2_moe. Every call runs inside a caller-provided sub-manager; activations are always the first operand
 * so intermediates land in it (weights live in the model's manager).
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

    private final ModelConfig config;
    private final ModelWeights weights;
    private final DataType computeType;
    private final Rope rope;
    private final MoeBlock moe;
    // float32 scalars created once in the weights' manager: x.add(1e-6f) would create and free a scalar
    // tensor on every call (two extra native calls per op, ~40 per decode step)
    private final NDArray eps;        // [] rms_norm_eps
    private final NDArray minusHalf;  // [] -0.5, the exponent of rsqrt
    private final NDArray scaling;    // [] head_dim^-0.5
    private final NDArray swapHalves; // [headDim, headDim] permutation for RoPE's rotate_half

    Transformer(ModelConfig config, ModelWeights weights, DataType computeType, ExpertDispatch dispatch) {
        this.config = config;
        this.weights = weights;
        this.computeType = computeType;
        this.rope = new Rope(config);
        this.moe = new MoeBlock(config, dispatch, computeType);
        NDManager owner = weights.embed().getManager();
        this.eps = owner.create((float) config.rmsNormEps());
        this.minusHalf = owner.create(-0.5f);
        this.scaling = owner.create((float) Math.pow(config.headDim(), -0.5));
        this.swapHalves = rope.swapHalves(owner).toType(computeType, false);
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
        NDList cosSin = rope.tables(sub, positions);
        NDArray cos = cosSin.get(0).toType(computeType, false);                         // [B, T, 1, D]
        NDArray sin = cosSin.get(1).toType(computeType, false);                         // [B, T, 1, D] signed
        NDArray mask = mask(sub, step);                                                 // [B, 1, 1, T, S] or null
        MoeBlock.Routing[] out = new MoeBlock.Routing[1];
        for (LayerWeights layer : weights.layers()) {
            NDArray normed = rmsNorm(x, layer.inputNorm());
            x = x.add(attention(normed, layer, cos, sin, mask, cache, step));
            normed = rmsNorm(x, layer.postAttentionNorm());
            NDArray mlpOut;
            if (layer.moe() != null) {
                MoeBlock.Terms lt = terms == null ? null : terms[layer.index()];
                mlpOut = moe.forward(sub, normed.reshape(b * t, h), layer.index(), layer.moe(), lt, capture, out)
                        .reshape(b, t, h);
                routing.add(out[0]);
            } else {
                mlpOut = mlp(normed, layer.denseMlp());
            }
            x = x.add(mlpOut);
        }
        if (cache != null) {
            cache.advance(t);
        }
        return rmsNorm(x, weights.finalNorm());
    }

    /** lm_head: {@code [..., hidden] -> [..., vocab]} in float32. */
    NDArray logits(NDArray hidden) {
        return hidden.matMul(weights.lmHeadT()).toType(DataType.FLOAT32, false);
    }

    private NDArray attention(NDArray x, LayerWeights l, NDArray cos, NDArray sin, NDArray mask, KvCache cache,
                              Step step) {
        int b = step.batch();
        int t = step.tokens();
        int heads = config.numAttentionHeads();
        int kvHeads = config.numKeyValueHeads();
        int d = config.headDim();
        NDArray q = l.q().apply(x);  // [B, T, heads * D]
        NDArray k = l.k().apply(x);  // [B, T, kvHeads * D]
        NDArray v = l.v().apply(x);  // [B, T, kvHeads * D]
        if (config.projectionQkNorm()) {
            // olmoe: RMSNorm over the whole projection, then clip_qkv
            q = rmsNorm(q, l.qNorm());
            k = rmsNorm(k, l.kNorm());
        }
        if (config.clipQkv() != null) {
            double c = config.clipQkv();
            q = q.clip(-c, c);
            k = k.clip(-c, c);
            v = v.clip(-c, c);
        }
        q = q.reshape(b, t, heads, d);    // [B, T, heads, D]
        k = k.reshape(b, t, kvHeads, d);  // [B, T, kvHeads, D]
        if (config.perHeadQkNorm()) {
            // qwen3_moe: RMSNorm over each head's D features
            q = rmsNorm(q, l.qNorm());
            k = rmsNorm(k, l.kNorm());
        }
        q = Rope.apply(q, cos, sin, swapHalves).transpose(0, 2, 1, 3);     // [B, heads, T, D]
        k = Rope.apply(k, cos, sin, swapHalves).transpose(0, 2, 1, 3);     // [B, kvHeads, T, D]
        v = v.reshape(b, t, kvHeads, d).transpose(0, 2, 1, 3);             // [B, kvHeads, T, D]
        if (cache != null) {
            NDArray[] kv = cache.append(l.index(), k, v);
            k = kv[0];                                                     // [B, kvHeads, S, D]
            v = kv[1];
        }
        // GQA without copying kv heads: the g query heads sharing a kv head become g * T rows of one 4-D
        // matmul against that head's keys (a 5-D broadcast matmul expands and copies the keys every step)
        int group = heads / kvHeads;
        int s = step.past() + t;                                           // keys: cached + new
        NDArray qg = q.reshape(b, kvHeads, group * t, d);                  // [B, kvHeads, g * T, D]
        NDArray scores = qg.matMul(k.transpose(0, 1, 3, 2)).muli(scaling); // [B, kvHeads, g * T, S]
        if (mask != null) {
            scores = scores.reshape(b, kvHeads, group, t, s).add(mask);    // [B, kvHeads, g, T, S]
        }
        NDArray probs = scores.toType(DataType.FLOAT32, false).softmax(-1).toType(computeType, false);
        NDArray ctx = probs.reshape(b, kvHeads, group * t, s).matMul(v);   // [B, kvHeads, g * T, D]
        ctx = ctx.reshape(b, heads, t, d).transpose(0, 2, 1, 3).reshape(b, t, heads * d); // [B, T, heads * D]
        return l.o().apply(ctx);                                           // [B, T, hidden]
    }

    /**
     * Additive attention mask {@code [B, 1, 1, T, S]} (0 or the dtype's lowest value): causal, key padding
     * of right-padded rows, and the sliding window ({@code query - key < window}) when the config enables
     * one. Null when nothing is masked (a single unpadded token within the window).
     */
    private NDArray mask(NDManager sub, Step step) {
        int b = step.batch();
        int t = step.tokens();
        int s = step.past() + t;
        Integer window = config.slidingWindow();
        boolean padded = false;
        for (int len : step.lengths()) {
            padded |= len < t;
        }
        if (t == 1 && !padded && (window == null || s <= window)) {
            return null;
        }
        float low = computeType == DataType.FLOAT16 ? -65504f : -Float.MAX_VALUE;
        float[] m = new float[b * t * s];
        for (int i = 0; i < b; i++) {
            int validKeys = step.past() + step.lengths()[i];
            for (int q = 0; q < t; q++) {
                int qPos = step.past() + q;
                for (int key = 0; key < s; key++) {
                    boolean allowed = key <= qPos && key < validKeys && (window == null || qPos - key < window);
                    m[(i * t + q) * s + key] = allowed ? 0f : low;
                }
            }
        }
        return sub.create(m, new Shape(b, 1, 1, t, s)).toType(computeType, false);
    }

    /**
     * RMSNorm in float32 over the last axis; {@code x * rsqrt(mean(x^2) + eps)}, cast back, times weight. The
     * in-place steps only touch tensors made here (inference runs without autograd).
     */
    NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray x32 = x.toType(DataType.FLOAT32, false);                                // [..., n]
        NDArray inv = x32.square().mean(new int[] {-1}, true).addi(eps).powi(minusHalf); // [..., 1] rsqrt
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
