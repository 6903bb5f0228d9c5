package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Multi/grouped-query attention ({@link Architecture.Gqa}): q/k/v projections with optional biases, olmoe's
 * whole-projection q/k norm and clip, per-head q/k norm (qwen3_moe, glm4_moe), RoPE (partial where the
 * architecture says), per-layer sliding windows and gpt_oss's attention sinks.
 */
final class GqaAttention implements Transformer.Attention {

    private final Architecture.Gqa spec;
    private final Rope rope;
    private final Transformer norms;
    private final DataType computeType;
    private final NDArray scaling;    // [] the softmax scale of q.k

    GqaAttention(Architecture.Gqa spec, Rope rope, Transformer norms, NDManager owner, DataType computeType) {
        this.spec = spec;
        this.rope = rope;
        this.norms = norms;
        this.computeType = computeType;
        this.scaling = owner.create((float) spec.scale());
    }

    @Override
    public NDArray forward(NDArray x, LayerWeights layer, Transformer.Context ctx) {
        LayerWeights.Gqa l = (LayerWeights.Gqa) layer.attention();
        Transformer.Step step = ctx.step();
        int b = step.batch();
        int t = step.tokens();
        int heads = spec.heads();
        int kvHeads = spec.kvHeads();
        int d = spec.headDim();
        NDArray q = l.q().apply(x);  // [B, T, heads * D]
        NDArray k = l.k().apply(x);  // [B, T, kvHeads * D]
        NDArray v = l.v().apply(x);  // [B, T, kvHeads * D]
        if (spec.qkNorm() == Architecture.QkNorm.WHOLE_PROJECTION) {
            // olmoe: RMSNorm over the whole projection, then clip_qkv
            q = norms.rmsNorm(q, l.qNorm());
            k = norms.rmsNorm(k, l.kNorm());
        }
        if (spec.clipQkv() != null) {
            double c = spec.clipQkv();
            q = q.clip(-c, c);
            k = k.clip(-c, c);
            v = v.clip(-c, c);
        }
        q = q.reshape(b, t, heads, d);    // [B, T, heads, D]
        k = k.reshape(b, t, kvHeads, d);  // [B, T, kvHeads, D]
        if (spec.qkNorm() == Architecture.QkNorm.PER_HEAD) {
            // qwen3_moe / glm4_moe: RMSNorm over each head's D features, before RoPE
            q = norms.rmsNorm(q, l.qNorm());
            k = norms.rmsNorm(k, l.kNorm());
        }
        q = rope.apply(q, ctx.cos(), ctx.sin()).transpose(0, 2, 1, 3);     // [B, heads, T, D]
        k = rope.apply(k, ctx.cos(), ctx.sin()).transpose(0, 2, 1, 3);     // [B, kvHeads, T, D]
        v = v.reshape(b, t, kvHeads, d).transpose(0, 2, 1, 3);             // [B, kvHeads, T, D]
        if (ctx.cache() != null) {
            NDArray[] kv = ctx.cache().append(layer.index(), k, v);
            k = kv[0];                                                     // [B, kvHeads, S, D]
            v = kv[1];
        }
        // GQA without copying kv heads: the g query heads sharing a kv head become g * T rows of one 4-D
        // matmul against that head's keys (a 5-D broadcast matmul expands and copies the keys every step)
        int group = heads / kvHeads;
        int s = step.past() + t;                                           // keys: cached + new
        NDArray qg = q.reshape(b, kvHeads, group * t, d);                  // [B, kvHeads, g * T, D]
        NDArray scores = qg.matMul(k.transpose(0, 1, 3, 2)).muli(scaling); // [B, kvHeads, g * T, S]
        NDArray mask = ctx.mask(layer.index());                            // [B, 1, 1, T, S] or null
        if (mask != null) {
            scores = scores.reshape(b, kvHeads, group, t, s).add(mask);    // [B, kvHeads, g, T, S]
        }
        NDArray probs;
        if (l.sinks() != null) {
            probs = withSinks(scores.reshape(b, kvHeads, group, t, s), l.sinks(), b, kvHeads, group, t, s);
        } else {
            probs = scores.toType(DataType.FLOAT32, false).softmax(-1).toType(computeType, false);
        }
        NDArray out = probs.reshape(b, kvHeads, group * t, s).matMul(v);   // [B, kvHeads, g * T, D]
        out = out.reshape(b, heads, t, d).transpose(0, 2, 1, 3).reshape(b, t, heads * d); // [B, T, heads * D]
        return l.o().apply(out);                                           // [B, T, hidden]
    }

    /**
     * gpt_oss sinks: each head's learned logit joins every query row as one more column, softmax over keys and
     * sink, the sink column dropped (rows then sum to less than 1).
     */
    private NDArray withSinks(NDArray scores /* [B, kvH, g, T, S] */, NDArray sinks /* [1, kvH, g, 1, 1] */, int b,
                              int kvHeads, int group, int t, int s) {
        // zeros from the scores (so the column lives in the step's manager) plus the sinks: exact
        NDArray sinkColumn = scores.get(new NDIndex(":, :, :, :, 0:1")).zerosLike().addi(sinks); // [B, kvH, g, T, 1]
        NDArray combined = scores.concat(sinkColumn, 4);                                   // [B, kvH, g, T, S+1]
        NDArray probs = combined.toType(DataType.FLOAT32, false).softmax(-1);
        return probs.get(new NDIndex(":, :, :, :, 0:" + s)).toType(computeType, false); // [B, kvH, g, T, S]
    }
}
