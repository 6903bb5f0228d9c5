package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Activation;

/**
 * One sparse MoE block: router, intervention, float32 softmax, top-k, optional renormalisation, experts,
 * qwen2_moe's gated shared expert. Router logits, top-k ids and weights come back to Java in ONE transfer
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

    private final ModelConfig config;
    private final ExpertDispatch dispatch;
    private final DataType computeType;

    MoeBlock(ModelConfig config, ExpertDispatch dispatch, DataType computeType) {
        this.config = config;
        this.dispatch = dispatch;
        this.computeType = computeType;
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
        int experts = config.numExperts();
        int k = config.numExpertsPerTok();
        NDArray z = x.matMul(w.routerT()).toType(DataType.FLOAT32, false); // [N, E] router logits, float32
        NDArray steered = z;
        if (terms != null) {
            // z' = (z + b) + c * |z|; then masked experts: z' * 0 + (-1e9) = -1e9 exactly, others z' * 1 + 0
            steered = z.add(terms.bias()).add(z.abs().mul(terms.scale())).mul(terms.keep()).add(terms.maskAdd());
        }
        NDArray probs = steered.softmax(-1);                         // [N, E] float32
        NDList top = probs.topK(k, -1, true, true);                  // values [N, k], indices [N, k]
        NDArray weights = top.get(0);                                // [N, k]
        if (config.normTopkProb()) {
            weights = weights.divi(weights.sum(new int[] {-1}, true)); // in place: topK's own output
        }
        NDArray ids = top.get(1);                                    // [N, k] int64
        Routing routing = new Routing(layer, n, experts, k, capture, capture
                ? NDArrays.concat(new NDList(z, weights, ids.toType(DataType.FLOAT32, false)), 1).toFloatArray()
                : asFloats(ids.toLongArray()));
        out[0] = routing;

        NDArray slotWeights = weights.toType(computeType, false);    // [N, k]
        NDArray y = dispatch == ExpertDispatch.GROUPED
                ? grouped(sub, x, w, routing, slotWeights) : hfLoop(sub, x, w, routing, slotWeights.reshape(-1));
        if (w.sharedExpert() != null) {
            NDArray shared = Transformer.mlp(x, w.sharedExpert());                    // [N, hidden]
            NDArray gate = Activation.sigmoid(x.matMul(w.sharedExpertGateT()));       // [N, 1]
            y = y.add(shared.mul(gate));
        }
        return y;
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

    /** One expert's SwiGLU on {@code rows [n, hidden]}: a fused gate/up matmul, then down; {@code [n, hidden]}. */
    private static NDArray expert(NDArray rows, LayerWeights.MoeWeights w, int e) {
        NDList gateUp = rows.matMul(w.gateUpT().get(e)).split(2, 1);  // 2 x [n, I]
        NDArray gate = gateUp.get(0);
        // silu(gate) * up computed as (sigmoid(gate) * gate) * up in place on the fresh sigmoid: the same
        // products as silu(gate).mul(up) (multiplication commutes), two tensors fewer
        NDArray act = Activation.sigmoid(gate).muli(gate).muli(gateUp.get(1)); // [n, I]
        return act.matMul(w.downT().get(e));                          // [n, hidden]
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
            NDArray h = silu(current.matMul(w.gateT().get(e))).mul(current.matMul(w.upT().get(e)));
            NDArray y = h.matMul(w.downT().get(e))                                     // [n_e, hidden]
                    .mul(slotWeights.get(sub, new NDIndex("{}", sub.create(slots))).expandDims(1));
            outs.add(y);
            start += count;
        }
        return unsort(sub, NDArrays.concat(outs, 0), o, r);
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
