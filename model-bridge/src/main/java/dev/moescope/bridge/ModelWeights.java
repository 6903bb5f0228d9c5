package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
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
        LayerWeights.Norm finalNorm,  // [hidden]
        NDArray lmHeadT,      // [hidden, vocab] (a view of embed^T when tied)
        NDArray lmHeadBias,   // [vocab] phimoe, or null
        List<LayerWeights> layers) {

    /** Reads every tensor the config implies; {@code dtype} FLOAT32 or FLOAT16. */
    static ModelWeights load(SafetensorsCheckpoint ckpt, ModelConfig c, NDManager manager, DataType dtype) {
        return load(ckpt, c, manager, dtype, true);
    }

    /**
     * Reads the embedding, final norm and lm_head, and the decoder layers when {@code withLayers} (streamed
     * execution loads each layer per pass with {@link #layer}; {@code layers} is then empty).
     */
    static ModelWeights load(SafetensorsCheckpoint ckpt, ModelConfig c, NDManager manager, DataType dtype,
                             boolean withLayers) {
        Loader l = new Loader(ckpt, manager, dtype);
        Architecture arch = c.architecture();
        int h = c.hiddenSize();
        NDArray embed = l.tensor("model.embed_tokens.weight", c.vocabSize(), h);
        LayerWeights.Norm norm = l.norm("model.norm", h, arch.norm());
        NDArray lmHead = c.tieWordEmbeddings() && !ckpt.names().contains("lm_head.weight")
                ? embed : l.tensor("lm_head.weight", c.vocabSize(), h);
        NDArray lmHeadBias = arch.lmHeadBias() ? l.tensor("lm_head.bias", c.vocabSize()) : null;
        List<LayerWeights> layers = new ArrayList<>();
        for (int i = 0; withLayers && i < c.numHiddenLayers(); i++) {
            layers.add(layer(l, c, i));
        }
        return new ModelWeights(embed, norm, lmHead.transpose(), lmHeadBias, List.copyOf(layers));
    }

    /** Reads decoder layer {@code i} (every tensor shape-checked) into {@code l}'s manager. */
    static LayerWeights layer(Loader l, ModelConfig c, int i) {
        String p = "model.layers." + i + ".";
        int h = c.hiddenSize();
        Architecture arch = c.architecture();
        LayerWeights.AttentionWeights attention = arch.attention() instanceof Architecture.Mla m
                ? mla(l, m, h, p + "self_attn.")
                : gqa(l, (Architecture.Gqa) arch.attention(), h, p + "self_attn.");
        LayerWeights.MoeWeights moe = null;
        LayerWeights.Mlp dense = null;
        if (c.isMoeLayer(i)) {
            moe = ExpertWeights.load(l, c, p + arch.names().block());
        } else {
            dense = l.mlp(p + "mlp.", c.intermediateSize(), h);
        }
        return new LayerWeights(i, l.norm(p + "input_layernorm", h, arch.norm()),
                l.norm(p + "post_attention_layernorm", h, arch.norm()), attention, moe, dense);
    }

    private static LayerWeights.Gqa gqa(Loader l, Architecture.Gqa g, int h, String a) {
        int qDim = g.heads() * g.headDim();
        int kvDim = g.kvHeads() * g.headDim();
        Linear q = l.linear(a + "q_proj", qDim, h, g.qkvBias());
        Linear k = l.linear(a + "k_proj", kvDim, h, g.qkvBias());
        Linear v = l.linear(a + "v_proj", kvDim, h, g.qkvBias());
        Linear o = l.linear(a + "o_proj", h, qDim, g.oBias());
        NDArray qNorm = null;
        NDArray kNorm = null;
        if (g.qkNorm() == Architecture.QkNorm.PER_HEAD) {
            qNorm = l.tensor(a + "q_norm.weight", g.headDim());
            kNorm = l.tensor(a + "k_norm.weight", g.headDim());
        } else if (g.qkNorm() == Architecture.QkNorm.WHOLE_PROJECTION) {
            qNorm = l.tensor(a + "q_norm.weight", qDim);
            kNorm = l.tensor(a + "k_norm.weight", kvDim);
        }
        // [heads] -> [1, kvHeads, g, 1, 1]: query head kv * g + j is row j of kv head kv
        NDArray sinks = g.sinks()
                ? l.tensor(a + "sinks", g.heads()).reshape(1, g.kvHeads(), g.heads() / g.kvHeads(), 1, 1) : null;
        return new LayerWeights.Gqa(q, k, v, o, qNorm, kNorm, sinks);
    }

    private static LayerWeights.Mla mla(Loader l, Architecture.Mla m, int h, String a) {
        int qOut = m.heads() * m.qkHeadDim();
        Linear qProj = null;
        Linear qA = null;
        NDArray qANorm = null;
        Linear qB = null;
        if (m.qLoraRank() == null) {
            qProj = l.linear(a + "q_proj", qOut, h, false);
        } else {
            int r = m.qLoraRank();
            qA = l.linear(a + "q_a_proj", r, h, m.bias());
            qANorm = l.tensor(a + "q_a_layernorm.weight", r);
            qB = l.linear(a + "q_b_proj", qOut, r, false);
        }
        Linear kvA = l.linear(a + "kv_a_proj_with_mqa", m.kvLoraRank() + m.qkRopeDim(), h, m.bias());
        NDArray kvANorm = l.tensor(a + "kv_a_layernorm.weight", m.kvLoraRank());
        Linear kvB = l.linear(a + "kv_b_proj", m.heads() * (m.qkNopeDim() + m.vHeadDim()), m.kvLoraRank(), false);
        Linear o = l.linear(a + "o_proj", h, m.heads() * m.vHeadDim(), m.bias());
        return new LayerWeights.Mla(qProj, qA, qANorm, qB, kvA, kvANorm, kvB, o);
    }

    /**
     * Reads tensors, checks shapes, creates NDArrays in {@code manager}. With {@code ownCopies} (streamed layers)
     * each tensor is cloned into libtorch's own memory and its host buffer freed at once: a CPU tensor made from a
     * direct buffer keeps that buffer, which only the GC would free, so a freed layer's memory would linger.
     */
    record Loader(SafetensorsCheckpoint ckpt, NDManager manager, DataType dtype, boolean ownCopies) {

        Loader(SafetensorsCheckpoint ckpt, NDManager manager, DataType dtype) {
            this(ckpt, manager, dtype, false);
        }

        LayerWeights.Norm norm(String prefix, int n, Architecture.Norm kind) {
            NDArray w = tensor(prefix + ".weight", n);
            return new LayerWeights.Norm(w, kind == Architecture.Norm.LAYER_NORM_WITH_BIAS ? tensor(prefix + ".bias", n) : null);
        }

        LayerWeights.Mlp mlp(String prefix, int inter, int h) {
            return new LayerWeights.Mlp(linear(prefix + "gate_proj", inter, h, false),
                    linear(prefix + "up_proj", inter, h, false), linear(prefix + "down_proj", h, inter, false));
        }

        /** Host floats in the compute dtype's manager: {@code [shape]}. */
        NDArray create(float[] values, long... shape) {
            NDArray a = manager.create(values, new Shape(shape));
            return dtype == DataType.FLOAT32 ? a : a.toType(dtype, false);
        }

        /** A tensor as host floats (small ones: biases), shape-checked. */
        float[] hostFloats(String name, long... expected) {
            check(name, expected);
            return ckpt.readF32(name);
        }

        TensorEntry check(String name, long... expected) {
            if (!ckpt.names().contains(name)) {
                throw new CheckpointException(ckpt.source() + ": tensor '" + name + "' is missing (expected shape "
                        + Arrays.toString(expected) + ")");
            }
            TensorEntry e = ckpt.entry(name);
            if (!Arrays.equals(e.shape(), expected)) {
                throw new CheckpointException(e.file() + ": tensor '" + name + "' has shape "
                        + Arrays.toString(e.shape()) + " but config.json implies " + Arrays.toString(expected));
            }
            return e;
        }

        Linear linear(String prefix, int out, int in, boolean bias) {
            NDArray w = tensor(prefix + ".weight", out, in);
            NDArray b = bias ? tensor(prefix + ".bias", out) : null;
            return new Linear(w.transpose(), b);
        }

        NDArray tensor(String name, long... expected) {
            check(name, expected);
            Shape shape = new Shape(expected);
            // Direct native-order ByteBuffers: DJL adopts them as they are, where a FloatBuffer would be copied
            // into a fresh direct buffer first (twice the memory while loading).
            if (dtype == DataType.FLOAT16) {
                return adopt(ckpt.readF16Bytes(name), shape, DataType.FLOAT16);
            }
            List<ByteBuffer> chunks = ckpt.readF32ChunkBytes(name, SafetensorsCheckpoint.DEFAULT_CHUNK_BYTES);
            if (chunks.size() == 1) {
                return adopt(chunks.get(0), shape, DataType.FLOAT32);
            }
            // tensors over ~1 GiB arrive in row chunks: create each, concatenate along dim 0
            NDList parts = new NDList();
            long rowElems = shape.size() / expected[0];
            for (ByteBuffer chunk : chunks) {
                long rows = chunk.remaining() / Float.BYTES / rowElems;
                long[] s = expected.clone();
                s[0] = rows;
                parts.add(adopt(chunk, new Shape(s), DataType.FLOAT32));
            }
            NDArray out = NDArrays.concat(parts, 0);
            parts.close();
            return out;
        }

        /** A tensor over {@code bytes}: adopted as it is, or (ownCopies) cloned and the buffer freed now. */
        private NDArray adopt(ByteBuffer bytes, Shape shape, DataType type) {
            NDArray a = manager.create(bytes, shape, type);
            if (!ownCopies) {
                return a;
            }
            NDArray copy = a.duplicate();          // libtorch-allocated, freed when the layer's manager closes
            a.close();
            SafetensorsCheckpoint.free(bytes);     // nothing references the buffer any more
            return copy;
        }
    }
}
