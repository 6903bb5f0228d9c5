package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

import java.util.HashMap;
import java.util.Map;

/**
 * One sparse MoE block: router (+ gpt_oss's bias), intervention, the architecture's routing rule (softmax top-k
 * on the device; group, sigmoid, top-k-then-softmax and sparsemixer routers on the host), experts, shared
 * experts (qwen2_moe's gated one, deepseek/glm's plain ones). Router logits, top-k ids and weights come back to Java in ONE transfer
 * per layer (ids are needed on the host to group tokens by expert anyway).
 */
final class MoeBlock {

    /** Device-side intervention terms of one layer (owned by the model's manager). */
    record Terms(NDArray bias /* [E] */, NDArray scale /* [E] */, NDArray keep /* [E] 1 or 0 */,
                 NDArray maskAdd /* [E] 0 or -1e9 */) {
    }

    /**
     * Host copy of one layer's routing for N flattened tokens: {@code pack} holds, per token, the E
     * pre-intervention router logits, then k weights, then k expert ids (as floats, exact below 2^24);
     * without capture only the k ids.
     */
    record Routing(int layer, int tokens, int experts, int k, boolean captured, float[] pack) {
        int rowWidth() {
            return captured ? experts + 2 * k : k;
        }

        int expertId(int token, int slot) {
            return (int) pack[token * rowWidth() + (captured ? experts + k : 0) + slot];
        }
    }

    private final Architecture arch;
    private final ExpertDispatch dispatch;
    private final DataType computeType;
    private final boolean gptOssActivation;
    private final Map<Integer, HostTerms> hostTerms = new HashMap<>(); // inference thread only

    /** Host copy of one layer's intervention terms, for the routers computed on the host. */
    private record HostTerms(Terms of, float[] bias, float[] scale, boolean[] masked) {
    }

    MoeBlock(Architecture arch, ExpertDispatch dispatch, DataType computeType) {
        this.arch = arch;
        this.dispatch = dispatch;
        this.computeType = computeType;
        this.gptOssActivation = arch.experts().layout() instanceof Architecture.GptOssExperts;
    }

    /**
     * @param x     {@code [N, hidden]} post-attention-norm hidden states
     * @param terms intervention of this layer, or null
     * @param out   receives the layer's routing
     * @return {@code [N, hidden]}
     */
    NDArray forward(NDManager sub, NDArray x, int layer, LayerWeights.MoeWeights w, Terms terms, boolean capture,
                    Routing[] out) {
        int n = (int) x.getShape().get(0);
        int experts = arch.experts().count();
        int k = arch.router().k();
        NDArray logits = x.matMul(w.routerT());                            // [N, E]
        if (w.routerBias() != null) {
            logits = logits.add(w.routerBias());                           // gpt_oss: the bias is part of z
        }
        NDArray z = logits.toType(DataType.FLOAT32, false);                // [N, E] router logits, float32
        Routing routing;
        NDArray slotWeights;                                               // [N, k] compute dtype
        if (arch.router() instanceof Architecture.SoftmaxTopK soft) {
            routing = deviceSoftmaxTopK(z, soft, layer, n, experts, k, terms, capture);
            slotWeights = routingWeights;
        } else {
            float[] weights = new float[n * k];
            routing = hostRouted(z.toFloatArray(), w, layer, n, experts, k, hostTerms(layer, terms), capture, weights);
            slotWeights = sub.create(weights, new Shape(n, k)).toType(computeType, false);
        }
        out[0] = routing;
        routingWeights = null;

        NDArray y = dispatch == ExpertDispatch.GROUPED
                ? grouped(sub, x, w, routing, slotWeights) : hfLoop(sub, x, w, routing, slotWeights.reshape(-1));
        if (w.sharedExpert() != null) {
            NDArray shared = Transformer.mlp(x, w.sharedExpert());                    // [N, hidden]
            if (w.sharedExpertGateT() != null) {
                shared = shared.mul(Activation.sigmoid(x.matMul(w.sharedExpertGateT()))); // qwen2_moe: x [N, 1] gate
            }
            y = y.add(shared);
        }
        return y;
    }

    private NDArray routingWeights; // [N, k] of the last device routing (inference thread only)

    /** qwen/olmoe/mixtral on the device: steering, float32 softmax, top-k, optional renormalisation. */
    private Routing deviceSoftmaxTopK(NDArray z, Architecture.SoftmaxTopK soft, int layer, int n, int experts, int k,
                                      Terms terms, boolean capture) {
        NDArray steered = z;
        if (terms != null) {
            // z' = (z + b) + c * |z|; then masked experts: z' * 0 + (-1e9) = -1e9 exactly, others z' * 1 + 0
            steered = z.add(terms.bias()).add(z.abs().mul(terms.scale())).mul(terms.keep()).add(terms.maskAdd());
        }
        NDArray probs = steered.softmax(-1);                         // [N, E] float32
        NDList top = probs.topK(k, -1, true, true);                  // values [N, k], indices [N, k]
        NDArray weights = top.get(0);                                // [N, k]
        if (soft.normTopkProb()) {
            weights = weights.divi(weights.sum(new int[] {-1}, true)); // in place: topK's own output
        }
        NDArray ids = top.get(1);                                    // [N, k] int64
        Routing routing = new Routing(layer, n, experts, k, capture, capture
                ? NDArrays.concat(new NDList(z, weights, ids.toType(DataType.FLOAT32, false)), 1).toFloatArray()
                : asFloats(ids.toLongArray()));
        routingWeights = weights.toType(computeType, false);         // [N, k]
        return routing;
    }

    /**
     * The other routers on the host ({@link HostRouting}) from the raw logits {@code z [N * E]}: steering as on
     * the device ({@code (z + b) + c * |z|}, masked -1e9, in float32), then the architecture's rule.
     */
    private Routing hostRouted(float[] z, LayerWeights.MoeWeights w, int layer, int n, int experts, int k,
                               HostTerms t, boolean capture, float[] weights) {
        float[] pack = new float[n * (capture ? experts + 2 * k : k)];
        float[] row = new float[experts];
        int[] ids = new int[k];
        float[] rowWeights = new float[k];
        for (int i = 0; i < n; i++) {
            for (int e = 0; e < experts; e++) {
                float v = z[i * experts + e];
                if (t != null) {
                    v = t.masked()[e] ? RouterIntervention.MASKED_LOGIT : (v + t.bias()[e]) + t.scale()[e] * Math.abs(v);
                }
                row[e] = v;
            }
            HostRouting.route(arch.router(), row, t == null ? null : t.masked(), w.correctionBias(), ids, rowWeights);
            int base = i * (capture ? experts + 2 * k : k);
            if (capture) {
                System.arraycopy(z, i * experts, pack, base, experts);
                base += experts;
                System.arraycopy(rowWeights, 0, pack, base, k);
                base += k;
            }
            for (int j = 0; j < k; j++) {
                pack[base + j] = ids[j];  // expert ids as floats, exact below 2^24
                weights[i * k + j] = rowWeights[j];
            }
        }
        return new Routing(layer, n, experts, k, capture, pack);
    }

    private HostTerms hostTerms(int layer, Terms terms) {
        if (terms == null) {
            return null;
        }
        HostTerms cached = hostTerms.get(layer);
        if (cached != null && cached.of() == terms) {
            return cached;
        }
        float[] keep = terms.keep().toFloatArray();
        boolean[] masked = new boolean[keep.length];
        for (int e = 0; e < keep.length; e++) {
            masked[e] = keep[e] == 0f;
        }
        HostTerms built = new HostTerms(terms, terms.bias().toFloatArray(), terms.scale().toFloatArray(), masked);
        hostTerms.put(layer, built);
        return built;
    }

    /**
     * Grouped dispatch: slots (token, j) sorted by expert, one gather of their hidden states, one fused
     * gate/up matmul and one down matmul per active expert, then one gather back to slot order, the routing
     * weights applied and a sum over the k slots of each token. A single token (decode) skips both gathers:
     * its k slots have k distinct experts, run in slot order.
     */
    private NDArray grouped(NDManager sub, NDArray x, LayerWeights.MoeWeights w, Routing r,
                            NDArray slotWeights /* [N, k] */) {
        NDArray bySlot;                                                       // [N * k, hidden]
        if (r.tokens() == 1) {
            NDList outs = new NDList();
            for (int j = 0; j < r.k(); j++) {
                outs.add(expert(x, w, r.expertId(0, j)));                     // [1, hidden]
            }
            bySlot = NDArrays.concat(outs, 0);
        } else {
            Order o = Order.of(r);
            NDArray xs = x.get(sub, new NDIndex("{}", sub.create(o.tokenOfSorted))); // [N * k, hidden]
            NDList outs = new NDList();
            for (int e = 0, start = 0; e < r.experts(); e++) {
                int count = o.counts[e];
                if (count == 0) {
                    continue;
                }
                NDArray seg = xs.get(new NDIndex().addSliceDim(start, start + count)); // [n_e, hidden]
                outs.add(expert(seg, w, e));                                         // [n_e, hidden]
                start += count;
            }
            NDArray ys = NDArrays.concat(outs, 0);                            // [N * k, hidden] by expert
            bySlot = ys.get(sub, new NDIndex("{}", sub.create(o.positionOfSlot)));
        }
        return bySlot.reshape(r.tokens(), r.k(), -1)                          // [N, k, hidden]
                .muli(slotWeights.expandDims(2))                              // times [N, k, 1]
                .sum(new int[] {1});                                          // [N, hidden]
    }

    /** One expert on {@code rows [n, hidden]}: a fused gate/up matmul, the activation, then down; {@code [n, hidden]}. */
    private NDArray expert(NDArray rows, LayerWeights.MoeWeights w, int e) {
        NDArray gu = rows.matMul(w.gateUpT().get(e));                 // [n, 2I]
        if (w.gateUpBias() != null) {
            gu = gu.add(w.gateUpBias().get(e));
        }
        NDList gateUp = gu.split(2, 1);                               // 2 x [n, I]
        NDArray act = activation(gateUp.get(0), gateUp.get(1));       // [n, I]
        NDArray y = act.matMul(w.downT().get(e));                     // [n, hidden]
        return w.downBias() == null ? y : y.add(w.downBias().get(e));
    }

    /**
     * SwiGLU {@code silu(gate) * up}, or gpt_oss's clamped form {@code (up + 1) * glu} with
     * {@code gate = min(gate, 7)}, {@code up = clamp(up, -7, 7)}, {@code glu = gate * sigmoid(1.702 gate)}.
     */
    private NDArray activation(NDArray gate /* [n, I] */, NDArray up /* [n, I] */) {
        if (gptOssActivation) {
            NDArray g = gate.minimum(Architecture.GptOssExperts.LIMIT);
            NDArray u = up.clip(-Architecture.GptOssExperts.LIMIT, Architecture.GptOssExperts.LIMIT);
            NDArray glu = g.mul(Activation.sigmoid(g.mul(Architecture.GptOssExperts.ALPHA)));
            return u.add(1f).muli(glu);
        }
        // silu(gate) * up computed as (sigmoid(gate) * gate) * up in place on the fresh sigmoid: the same
        // products as silu(gate).mul(up) (multiplication commutes), two tensors fewer
        return Activation.sigmoid(gate).muli(gate).muli(up);
    }

    /** Reference dispatch: every expert in turn, like HF's eager loop, with separate gate/up/down matmuls. */
    private NDArray hfLoop(NDManager sub, NDArray x, LayerWeights.MoeWeights w, Routing r, NDArray slotWeights) {
        Order o = Order.of(r);
        NDList outs = new NDList();
        for (int e = 0, start = 0; e < r.experts(); e++) {
            int count = o.counts[e];
            if (count == 0) {
                continue;
            }
            long[] tokens = java.util.Arrays.copyOfRange(o.tokenOfSorted, start, start + count);
            long[] slots = java.util.Arrays.copyOfRange(o.slotOrder, start, start + count);
            NDArray current = x.get(sub, new NDIndex("{}", sub.create(tokens)));       // [n_e, hidden]
            NDArray y = hfExpert(current, w, e)                                        // [n_e, hidden]
                    .mul(slotWeights.get(sub, new NDIndex("{}", sub.create(slots))).expandDims(1));
            outs.add(y);
            start += count;
        }
        return unsort(sub, NDArrays.concat(outs, 0), o, r);
    }

    /** HF's eager expert with separate gate/up/down matmuls (gpt_oss: its fused, biased form). */
    private NDArray hfExpert(NDArray current, LayerWeights.MoeWeights w, int e) {
        if (gptOssActivation) {
            return expert(current, w, e);
        }
        return silu(current.matMul(w.gateT().get(e))).mul(current.matMul(w.upT().get(e))).matMul(w.downT().get(e));
    }

    /** Expert outputs in expert-sorted slot order -> per-token sum over its k slots. */
    private static NDArray unsort(NDManager sub, NDArray ys, Order o, Routing r) {
        NDArray bySlot = ys.get(sub, new NDIndex("{}", sub.create(o.positionOfSlot))); // [N * k, hidden]
        return bySlot.reshape(r.tokens(), r.k(), -1).sum(new int[] {1});                // [N, hidden]
    }

    private static float[] asFloats(long[] ids) {
        float[] out = new float[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i]; // expert ids, exact below 2^24
        }
        return out;
    }

    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** Slots (token * k + j) grouped by expert, stable in token order. */
    private static final class Order {
        final int[] counts;
        final long[] slotOrder;       // sorted position -> slot
        final long[] tokenOfSorted;   // sorted position -> token
        final long[] positionOfSlot;  // slot -> sorted position

        private Order(int experts, int slots) {
            counts = new int[experts];
            slotOrder = new long[slots];
            tokenOfSorted = new long[slots];
            positionOfSlot = new long[slots];
        }

        static Order of(Routing r) {
            int k = r.k();
            int slots = r.tokens() * k;
            Order o = new Order(r.experts(), slots);
            for (int t = 0; t < r.tokens(); t++) {
                for (int j = 0; j < k; j++) {
                    o.counts[r.expertId(t, j)]++;
                }
            }
            int[] next = new int[r.experts()];
            for (int e = 1; e < r.experts(); e++) {
                next[e] = next[e - 1] + o.counts[e - 1];
            }
            for (int t = 0; t < r.tokens(); t++) {
                for (int j = 0; j < k; j++) {
                    int slot = t * k + j;
                    int pos = next[r.expertId(t, j)]++;
                    o.slotOrder[pos] = slot;
                    o.tokenOfSorted[pos] = t;
                    o.positionOfSlot[slot] = pos;
                }
            }
            return o;
        }
    }
}
