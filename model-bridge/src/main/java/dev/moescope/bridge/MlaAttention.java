package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * DeepSeek's Multi-head Latent Attention ({@link Architecture.Mla}) as HF v4.57.6's eager DeepseekV2/V3
 * attention: per head, query {@code [q_nope | rope(q_pe)]} and key {@code [k_nope | rope(k_pe)]} where
 * {@code k_pe} is one rope key shared by all heads and {@code k_nope}, {@code v} come from the normalised latent
 * {@code c_kv} through {@code kv_b_proj}. The cache holds per-head keys {@code [B, H, S, nope + rope]} and values
 * {@code [B, H, S, v_head_dim]}.
 */
final class MlaAttention implements Transformer.Attention {

    private final Architecture.Mla spec;
    private final Rope rope;
    private final Transformer norms;
    private final NDArray scaling; // [] softmax scale (V3: times YaRN's mscale^2)

    MlaAttention(Architecture.Mla spec, Rope rope, Transformer norms, NDManager owner) {
        this.spec = spec;
        this.rope = rope;
        this.norms = norms;
        this.scaling = owner.create((float) spec.scale());
    }

    @Override
    public NDArray forward(NDArray x, LayerWeights layer, Transformer.Context ctx) {
        LayerWeights.Mla l = (LayerWeights.Mla) layer.attention();
        Transformer.Step step = ctx.step();
        int b = step.batch();
        int t = step.tokens();
        int heads = spec.heads();
        int nope = spec.qkNopeDim();
        int ropeDim = spec.qkRopeDim();
        int vDim = spec.vHeadDim();
        int latent = spec.kvLoraRank();
        NDArray q = l.qProj() != null
                ? l.qProj().apply(x)                                                  // [B, T, H * (nope + rope)]
                : l.qB().apply(norms.latentRmsNorm(l.qA().apply(x), l.qANorm()));
        q = q.reshape(b, t, heads, nope + ropeDim);                                   // [B, T, H, nope + rope]
        NDArray qNope = q.get(new NDIndex(":, :, :, 0:" + nope));                     // [B, T, H, nope]
        NDArray qPe = q.get(new NDIndex(":, :, :, " + nope + ":"));                   // [B, T, H, rope]
        NDArray kvA = l.kvA().apply(x);                                               // [B, T, latent + rope]
        NDArray cKv = kvA.get(new NDIndex(":, :, 0:" + latent));                      // [B, T, latent]
        NDArray kPe = kvA.get(new NDIndex(":, :, " + latent + ":")).reshape(b, t, 1, ropeDim); // [B, T, 1, rope]
        NDArray kv = l.kvB().apply(norms.latentRmsNorm(cKv, l.kvANorm()))
                .reshape(b, t, heads, nope + vDim);                                   // [B, T, H, nope + v]
        NDArray kNope = kv.get(new NDIndex(":, :, :, 0:" + nope));                    // [B, T, H, nope]
        NDArray v = kv.get(new NDIndex(":, :, :, " + nope + ":"));                    // [B, T, H, v]
        qPe = rope.apply(qPe, ctx.cos(), ctx.sin());                                  // [B, T, H, rope]
        kPe = rope.apply(kPe, ctx.cos(), ctx.sin()).broadcast(b, t, heads, ropeDim);  // [B, T, H, rope]
        NDArray query = qNope.concat(qPe, 3).transpose(0, 2, 1, 3);                   // [B, H, T, nope + rope]
        NDArray key = kNope.concat(kPe, 3).transpose(0, 2, 1, 3);                     // [B, H, T, nope + rope]
        NDArray value = v.transpose(0, 2, 1, 3);                                      // [B, H, T, v]
        if (ctx.cache() != null) {
            NDArray[] cached = ctx.cache().append(layer.index(), key, value);
            key = cached[0];                                                          // [B, H, S, nope + rope]
            value = cached[1];                                                        // [B, H, S, v]
        }
        int s = step.past() + t;
        NDArray scores = query.matMul(key.transpose(0, 1, 3, 2)).muli(scaling);      // [B, H, T, S]
        NDArray mask = ctx.mask(layer.index());                                       // [B, 1, 1, T, S] or null
        if (mask != null) {
            scores = scores.add(mask.reshape(b, 1, t, s));
        }
        NDArray probs = scores.toType(DataType.FLOAT32, false).softmax(-1).toType(query.getDataType(), false);
        NDArray out = probs.matMul(value)                                             // [B, H, T, v]
                .transpose(0, 2, 1, 3).reshape(b, t, heads * vDim);                   // [B, T, H * v]
        return l.o().apply(out);                                                      // [B, T, hidden]
    }
}
