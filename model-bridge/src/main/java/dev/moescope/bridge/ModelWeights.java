package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;
import dev.moescope.bridge.safetensors.TensorEntry;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All weights of a checkpoint as NDArrays owned by the model's manager, with every tensor's shape checked
 * against the config. Names are the HF ones ({@code model.layers.N.mlp.experts.E.gate_proj.weight}, and
 * {@code block_sparse_moe.experts.E.w1/w2/w3} for mixtral).
 */
record ModelWeights(
        NDArray embed,        // [vocab, hidden]
        NDArray finalNorm,    // [hidden]
        NDArray lmHeadT,      // [hidden, vocab] (a view of embed^T when tied)
        List<LayerWeights> layers) {

    /** Reads every tensor the config implies; {@code dtype} FLOAT32 or FLOAT16. */
    static ModelWeights load(SafetensorsCheckpoint ckpt, ModelConfig c, NDManager manager, DataType dtype) {
        Loader l = new Loader(ckpt, manager, dtype);
        int h = c.hiddenSize();
        NDArray embed = l.tensor("model.embed_tokens.weight", c.vocabSize(), h);
        NDArray norm = l.tensor("model.norm.weight", h);
        NDArray lmHead = c.tieWordEmbeddings() && !ckpt.names().contains("lm_head.weight")
                ? embed : l.tensor("lm_head.weight", c.vocabSize(), h);
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            layers.add(layer(l, c, i));
        }
        return new ModelWeights(embed, norm, lmHead.transpose(), List.copyOf(layers));
    }

    private static LayerWeights layer(Loader l, ModelConfig c, int i) {
        String p = "model.layers." + i + ".";
        int h = c.hiddenSize();
        int qDim = c.numAttentionHeads() * c.headDim();
        int kvDim = c.numKeyValueHeads() * c.headDim();
        String a = p + "self_attn.";
        Linear q = l.linear(a + "q_proj", qDim, h, c.qkvBias());
        Linear k = l.linear(a + "k_proj", kvDim, h, c.qkvBias());
        Linear v = l.linear(a + "v_proj", kvDim, h, c.qkvBias());
        Linear o = l.linear(a + "o_proj", h, qDim, c.outputBias());
        NDArray qNorm = null;
        NDArray kNorm = null;
        if (c.perHeadQkNorm()) {
            qNorm = l.tensor(a + "q_norm.weight", c.headDim());
            kNorm = l.tensor(a + "k_norm.weight", c.headDim());
        } else if (c.projectionQkNorm()) {
            qNorm = l.tensor(a + "q_norm.weight", qDim);
            kNorm = l.tensor(a + "k_norm.weight", kvDim);
        }
        LayerWeights.MoeWeights moe = null;
        LayerWeights.Mlp dense = null;
        if (c.isMoeLayer(i)) {
            moe = c.modelType().equals("mixtral") ? mixtralMoe(l, c, p + "block_sparse_moe.") : moe(l, c, p + "mlp.");
        } else {
            String m = p + "mlp.";
            int inter = c.intermediateSize();
            dense = new LayerWeights.Mlp(l.linear(m + "gate_proj", inter, h, false),
                    l.linear(m + "up_proj", inter, h, false), l.linear(m + "down_proj", h, inter, false));
        }
        return new LayerWeights(i, l.tensor(p + "input_layernorm.weight", h),
                l.tensor(p + "post_attention_layernorm.weight", h), q, k, v, o, qNorm, kNorm, moe, dense);
    }

    private static LayerWeights.MoeWeights moe(Loader l, ModelConfig c, String m) {
        LayerWeights.Mlp shared = null;
        NDArray sharedGateT = null;
        if (c.sharedExpertIntermediateSize() > 0) {
            int s = c.sharedExpertIntermediateSize();
            int h = c.hiddenSize();
            String se = m + "shared_expert.";
            shared = new LayerWeights.Mlp(l.linear(se + "gate_proj", s, h, false),
                    l.linear(se + "up_proj", s, h, false), l.linear(se + "down_proj", h, s, false));
            sharedGateT = l.tensor(m + "shared_expert_gate.weight", 1, h).transpose();
        }
        return stacked(l, c, m + "gate.weight", e -> m + "experts." + e + ".gate_proj.weight",
                e -> m + "experts." + e + ".up_proj.weight", e -> m + "experts." + e + ".down_proj.weight",
                shared, sharedGateT);
    }

    private static LayerWeights.MoeWeights mixtralMoe(Loader l, ModelConfig c, String m) {
        // mixtral: w1 = gate, w3 = up, w2 = down
        return stacked(l, c, m + "gate.weight", e -> m + "experts." + e + ".w1.weight",
                e -> m + "experts." + e + ".w3.weight", e -> m + "experts." + e + ".w2.weight", null, null);
    }

    private static LayerWeights.MoeWeights stacked(Loader l, ModelConfig c, String router,
                                                   java.util.function.IntFunction<String> gate,
                                                   java.util.function.IntFunction<String> up,
                                                   java.util.function.IntFunction<String> down,
                                                   LayerWeights.Mlp shared, NDArray sharedGateT) {
        int experts = c.numExperts();
        int h = c.hiddenSize();
        int inter = c.expertIntermediateSize();
        NDArray routerT = l.tensor(router, experts, h).transpose(); // [hidden, experts]
        NDList gateUpParts = new NDList();
        NDList downParts = new NDList();
        for (int e = 0; e < experts; e++) {
            NDArray g = l.tensor(gate.apply(e), inter, h);
            NDArray u = l.tensor(up.apply(e), inter, h);
            gateUpParts.add(g.concat(u, 0));   // [2I, hidden]
            g.close();
            u.close();
            downParts.add(l.tensor(down.apply(e), h, inter)); // [hidden, I]
        }
        NDArray gateUp = NDArrays.stack(gateUpParts);  // [experts, 2I, hidden]
        NDArray downAll = NDArrays.stack(downParts);   // [experts, hidden, I]
        gateUpParts.close();
        downParts.close();
        List<NDArray> gateUpT = new ArrayList<>();
        List<NDArray> gateT = new ArrayList<>();
        List<NDArray> upT = new ArrayList<>();
        List<NDArray> downT = new ArrayList<>();
        for (int e = 0; e < experts; e++) {
            NDArray gu = gateUp.get(e);                                   // [2I, hidden] view
            gateUpT.add(gu.transpose());                                  // [hidden, 2I]
            gateT.add(gu.get(new NDIndex("0:" + inter)).transpose());     // [hidden, I]
            upT.add(gu.get(new NDIndex(inter + ":")).transpose());        // [hidden, I]
            downT.add(downAll.get(e).transpose());                        // [I, hidden]
        }
        return new LayerWeights.MoeWeights(routerT, gateUp, downAll, List.copyOf(gateUpT), List.copyOf(gateT),
                List.copyOf(upT), List.copyOf(downT), shared, sharedGateT);
    }

    /** Reads tensors, checks shapes, creates NDArrays in the model's manager. */
    private record Loader(SafetensorsCheckpoint ckpt, NDManager manager, DataType dtype) {

        Linear linear(String prefix, int out, int in, boolean bias) {
            NDArray w = tensor(prefix + ".weight", out, in);
            NDArray b = bias ? tensor(prefix + ".bias", out) : null;
            return new Linear(w.transpose(), b);
        }

        NDArray tensor(String name, long... expected) {
            if (!ckpt.names().contains(name)) {
                throw new CheckpointException(ckpt.source() + ": tensor '" + name + "' is missing (expected shape "
                        + Arrays.toString(expected) + ")");
            }
            TensorEntry e = ckpt.entry(name);
            if (!Arrays.equals(e.shape(), expected)) {
                throw new CheckpointException(e.file() + ": tensor '" + name + "' has shape "
                        + Arrays.toString(e.shape()) + " but config.json implies " + Arrays.toString(expected));
            }
            Shape shape = new Shape(expected);
            // Direct native-order ByteBuffers: DJL adopts them as they are, where a FloatBuffer would be copied
            // into a fresh direct buffer first (twice the memory while loading).
            if (dtype == DataType.FLOAT16) {
                return manager.create(ckpt.readF16Bytes(name), shape, DataType.FLOAT16);
            }
            List<ByteBuffer> chunks = ckpt.readF32ChunkBytes(name, SafetensorsCheckpoint.DEFAULT_CHUNK_BYTES);
            if (chunks.size() == 1) {
                return manager.create(chunks.get(0), shape, DataType.FLOAT32);
            }
            // tensors over ~1 GiB arrive in row chunks: create each, concatenate along dim 0
            NDList parts = new NDList();
            long rowElems = shape.size() / expected[0];
            for (ByteBuffer chunk : chunks) {
                long rows = chunk.remaining() / Float.BYTES / rowElems;
                long[] s = expected.clone();
                s[0] = rows;
                parts.add(manager.create(chunk, new Shape(s), DataType.FLOAT32));
            }
            NDArray out = NDArrays.concat(parts, 0);
            parts.close();
            return out;
        }
    }
}
