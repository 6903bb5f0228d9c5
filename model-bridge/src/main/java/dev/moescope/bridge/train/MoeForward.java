package dev.moescope.bridge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import java.util.ArrayList;
import java.util.List;

/**
 * The Qwen3-MoE forward pass written with differentiable DJL ops, with exactly the semantics of transformers'
 * {@code Qwen3MoeForCausalLM} (eager attention, f32): RMSNorm with weight, per-head q/k RMSNorm, GQA, RoPE
 * (rotate_half), causal softmax attention, softmax router, top-k, optional renormalisation, SwiGLU experts
 * weighted by the routing weights. Experts see only their tokens (gather, expert MLP, scatter back through an
 * inverse permutation), the same arithmetic as HF's dispatch loop.
 *
 * <p>All intermediates land in the step manager {@code m}: the caller must have {@code m.tempAttach}ed the
 * weights (an op's result belongs to its first input's manager). Scalar constants are NDArrays in {@code m}
 * (a Java-number scalar in an autograd graph can be freed too early).
 */
public final class MoeForward {

    /** What one forward pass produces. */
    public record Output(
            NDArray logits,              // [N, V], N = batch * seqLen, row-major over (sequence, position)
            List<NDArray> routerLogits,  // per layer [N, E], before softmax
            List<NDArray> routerProbs,   // per layer [N, E], softmax of routerLogits
            List<int[]> topkIds,         // per layer [N * k], row t holds the experts of token t, best first
            NDArray auxLoss) {           // [] mean over layers of E * sum_e f_e * P_e (minimum k when balanced)
    }

    private final MoeWeights w;
    private final MoeSpec s;

    public MoeForward(MoeWeights weights) {
        this.w = weights;
        this.s = weights.spec();
    }

    /** Runs {@code tokens} ({@code [batch][seqLen]}, all rows the same length) through the model. */
    public Output run(NDManager m, int[][] tokens) {
        int batch = tokens.length;
        int seqLen = tokens[0].length;
        int n = batch * seqLen;
        long[] flat = new long[n];
        for (int b = 0; b < batch; b++) {
            if (tokens[b].length != seqLen) {
                throw new IllegalArgumentException("all sequences of a batch must have the same length");
            }
            for (int t = 0; t < seqLen; t++) {
                flat[b * seqLen + t] = tokens[b][t];
            }
        }
        NDArray ids = m.create(flat);                                       // [N] int64
        NDArray eps = m.create((float) s.rmsNormEps());                     // []
        NDArray scale = m.create((float) (1.0 / Math.sqrt(s.headDim())));  // []
        NDArray[] rope = ropeTables(m, seqLen);                             // cos, sin [T, headDim]
        NDArray mask = causalMask(m, seqLen);                               // [T, T]

        NDArray x = w.get("model.embed_tokens.weight").get(ids);           // [N, hidden]
        List<NDArray> routerLogits = new ArrayList<>();
        List<NDArray> routerProbs = new ArrayList<>();
        List<int[]> topk = new ArrayList<>();
        NDArray aux = m.zeros(new Shape());
        for (int l = 0; l < s.layers(); l++) {
            NDArray h = rmsNorm(x, w.layer(l, "input_layernorm.weight"), eps);                // [N, hidden]
            x = x.add(attention(m, l, h, batch, seqLen, eps, scale, rope, mask));            // [N, hidden]
            NDArray h2 = rmsNorm(x, w.layer(l, "post_attention_layernorm.weight"), eps);     // [N, hidden]
            NDArray logits = linear(h2, w.layer(l, "mlp.gate.weight"));                      // [N, E]
            NDArray probs = logits.softmax(1);                                               // [N, E]
            int[] chosen = topK(probs.toFloatArray(), n, s.experts(), s.topK());             // [N * k]
            x = x.add(experts(m, l, h2, probs, chosen, n));                                  // [N, hidden]
            aux = aux.add(balanceLoss(m, probs, chosen, n));
            routerLogits.add(logits);
            routerProbs.add(probs);
            topk.add(chosen);
        }
        NDArray out = linear(rmsNorm(x, w.get("model.norm.weight"), eps), w.get("lm_head.weight")); // [N, V]
        aux = aux.div(m.create((float) s.layers()));
        return new Output(out, routerLogits, routerProbs, topk, aux);
    }

    /** Self-attention of one layer; {@code h} is the normalised input {@code [N, hidden]}. */
    private NDArray attention(NDManager m, int l, NDArray h, int batch, int seqLen, NDArray eps, NDArray scale,
                              NDArray[] rope, NDArray mask) {
        int hd = s.headDim();
        int kv = s.kvHeads();
        int rep = s.heads() / kv;
        NDArray q = linear(h, w.layer(l, "self_attn.q_proj.weight")).reshape(batch, seqLen, s.heads(), hd); // [B,T,H,hd]
        NDArray k = linear(h, w.layer(l, "self_attn.k_proj.weight")).reshape(batch, seqLen, kv, hd);        // [B,T,KV,hd]
        NDArray v = linear(h, w.layer(l, "self_attn.v_proj.weight")).reshape(batch, seqLen, kv, hd);        // [B,T,KV,hd]
        q = rmsNorm(q, w.layer(l, "self_attn.q_norm.weight"), eps).transpose(0, 2, 1, 3);                  // [B,H,T,hd]
        k = rmsNorm(k, w.layer(l, "self_attn.k_norm.weight"), eps).transpose(0, 2, 1, 3);                  // [B,KV,T,hd]
        v = v.transpose(0, 2, 1, 3);                                                                        // [B,KV,T,hd]
        q = applyRope(q, rope).reshape(batch, kv, rep, seqLen, hd);   // [B,KV,rep,T,hd]: head = kv * rep + r
        k = applyRope(k, rope).expandDims(2);                          // [B,KV,1,T,hd]
        v = v.expandDims(2);                                           // [B,KV,1,T,hd]
        NDArray scores = q.matMul(k.swapAxes(3, 4)).mul(scale).add(mask);   // [B,KV,rep,T,T]
        NDArray ctx = scores.softmax(4).matMul(v);                          // [B,KV,rep,T,hd]
        ctx = ctx.reshape(batch, s.heads(), seqLen, hd).transpose(0, 2, 1, 3)
                .reshape(batch * seqLen, (long) s.heads() * hd);            // [N, H*hd]
        return linear(ctx, w.layer(l, "self_attn.o_proj.weight"));          // [N, hidden]
    }

    /**
     * The sparse MoE block: each expert runs on the rows routed to it and its output is scaled by the routing
     * weight; rows are gathered in expert order and put back with the inverse permutation.
     */
    private NDArray experts(NDManager m, int l, NDArray h2, NDArray probs, int[] chosen, int n) {
        int k = s.topK();
        int e = s.experts();
        long[] chosenL = new long[n * k];
        for (int i = 0; i < chosenL.length; i++) {
            chosenL[i] = chosen[i];
        }
        NDArray weights = probs.gather(m.create(chosenL, new Shape(n, k)), 1);        // [N, k]
        if (s.normTopkProb()) {
            weights = weights.div(weights.sum(new int[] {1}, true));                   // [N, k] rows sum to 1
        }
        // slot j = t * k + r (token t, rank r); order them by expert, tokens ascending inside an expert
        int[] count = new int[e];
        for (int c : chosen) {
            count[c]++;
        }
        int[] start = new int[e + 1];
        for (int i = 0; i < e; i++) {
            start[i + 1] = start[i] + count[i];
        }
        int[] fill = start.clone();
        long[] sortedToken = new long[n * k];   // row of h2 for each sorted slot
        long[] sortedSlot = new long[n * k];    // t * k + r for each sorted slot
        long[] inverse = new long[n * k];       // sorted position of slot t * k + r
        for (int j = 0; j < n * k; j++) {
            int pos = fill[chosen[j]]++;
            sortedToken[pos] = j / k;
            sortedSlot[pos] = j;
            inverse[j] = pos;
        }
        NDArray xs = h2.get(m.create(sortedToken));                                   // [N*k, hidden]
        NDArray ws = weights.reshape(n * k).get(m.create(sortedSlot)).expandDims(1);  // [N*k, 1]
        NDList parts = new NDList();
        for (int x = 0; x < e; x++) {
            if (count[x] == 0) {
                continue;
            }
            NDArray rows = xs.get(new NDIndex().addSliceDim(start[x], start[x + 1]));  // [count, hidden]
            NDArray gate = linear(rows, w.expert(l, x, "gate_proj"));                   // [count, I]
            NDArray up = linear(rows, w.expert(l, x, "up_proj"));                       // [count, I]
            NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up);                   // silu(gate) * up
            parts.add(linear(act, w.expert(l, x, "down_proj")));                        // [count, hidden]
        }
        NDArray ys = NDArrays.concat(parts, 0).mul(ws);                                 // [N*k, hidden]
        return ys.get(m.create(inverse)).reshape(n, k, s.hidden()).sum(new int[] {1}); // [N, hidden]
    }

    /** Switch/Qwen load balancing for one layer: E * sum_e f_e * P_e, f_e = share of tokens with e in top-k. */
    private NDArray balanceLoss(NDManager m, NDArray probs, int[] chosen, int n) {
        float[] f = new float[s.experts()];
        for (int c : chosen) {
            f[c] += 1f / n;
        }
        NDArray pMean = probs.mean(new int[] {0});                     // [E]
        return pMean.mul(m.create(f)).sum().mul(m.create((float) s.experts()));
    }

    /** RMSNorm over the last axis in f32, times the weight (HF Qwen3MoeRMSNorm). */
    static NDArray rmsNorm(NDArray x, NDArray weight, NDArray eps) {
        NDArray inv = x.square().mean(new int[] {-1}, true).add(eps).sqrt();
        return x.div(inv).mul(weight);
    }

    /** x @ W^T for a PyTorch-layout weight [out, in]. */
    static NDArray linear(NDArray x, NDArray weight) {
        return x.matMul(weight.transpose());
    }

    /** q * cos + rotate_half(q) * sin, rotate_half(x) = cat(-x2, x1) over the halves of the last axis. */
    private static NDArray applyRope(NDArray x, NDArray[] rope) {
        int last = x.getShape().dimension() - 1;
        NDList halves = x.split(2, last);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), last);
        return x.mul(rope[0]).add(rotated.mul(rope[1]));
    }

    /** cos and sin [T, headDim] of the default RoPE, in f32 as HF computes them. */
    private NDArray[] ropeTables(NDManager m, int seqLen) {
        int hd = s.headDim();
        float[] invFreq = new float[hd / 2];
        for (int i = 0; i < hd / 2; i++) {
            // HF: 1.0 / (base ** (arange(0, dim, 2).float() / dim)), in float32
            invFreq[i] = 1f / (float) Math.pow(s.ropeTheta(), (float) (2 * i) / hd);
        }
        float[] cos = new float[seqLen * hd];
        float[] sin = new float[seqLen * hd];
        for (int t = 0; t < seqLen; t++) {
            for (int i = 0; i < hd; i++) {
                float angle = (float) t * invFreq[i % (hd / 2)];   // emb = cat(freqs, freqs)
                cos[t * hd + i] = (float) Math.cos(angle);
                sin[t * hd + i] = (float) Math.sin(angle);
            }
        }
        return new NDArray[] {m.create(cos, new Shape(seqLen, hd)), m.create(sin, new Shape(seqLen, hd))};
    }

    /** 0 where key <= query, a large negative number above the diagonal: softmax gives those keys exactly 0. */
    private static NDArray causalMask(NDManager m, int seqLen) {
        float[] mask = new float[seqLen * seqLen];
        for (int q = 0; q < seqLen; q++) {
            for (int k = q + 1; k < seqLen; k++) {
                mask[q * seqLen + k] = -1e9f;
            }
        }
        return m.create(mask, new Shape(seqLen, seqLen));
    }

    /** The k best experts per row, best first; ties go to the lower index. */
    static int[] topK(float[] probs, int rows, int experts, int k) {
        int[] out = new int[rows * k];
        boolean[] used = new boolean[experts];
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(used, false);
            for (int j = 0; j < k; j++) {
                int best = -1;
                for (int x = 0; x < experts; x++) {
                    if (!used[x] && (best < 0 || probs[r * experts + x] > probs[r * experts + best])) {
                        best = x;
                    }
                }
                used[best] = true;
                out[r * k + j] = best;
            }
        }
        return out;
    }
}
