package dev.moescope.bridge.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.moescope.bridge.CheckpointException;
import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.safetensors.SafetensorsWriter;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The trainable tensors of a {@link MoeSpec} model under their Hugging Face names (linear weights are
 * {@code [out, in]} as in PyTorch). They live in one long-lived manager; the training step reads them and the
 * optimizer updates them in place.
 */
public final class MoeWeights implements AutoCloseable {

    /** {@code initializer_range}: std of the normal init of embeddings and linear layers (HF _init_weights). */
    public static final double INIT_STD = 0.02;

    private final MoeSpec spec;
    private final NDManager manager;
    private final Map<String, NDArray> tensors = new LinkedHashMap<>();

    private MoeWeights(MoeSpec spec, NDManager parent) {
        this.spec = spec;
        this.manager = parent.newSubManager();
    }

    /** The tensor names and shapes of a checkpoint of this spec, in a fixed order (also the init order). */
    public static Map<String, long[]> shapes(MoeSpec s) {
        Map<String, long[]> out = new LinkedHashMap<>();
        out.put("model.embed_tokens.weight", new long[] {s.vocabSize(), s.hidden()});
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.layers." + l + ".";
            out.put(p + "input_layernorm.weight", new long[] {s.hidden()});
            out.put(p + "self_attn.q_proj.weight", new long[] {(long) s.heads() * s.headDim(), s.hidden()});
            out.put(p + "self_attn.k_proj.weight", new long[] {(long) s.kvHeads() * s.headDim(), s.hidden()});
            out.put(p + "self_attn.v_proj.weight", new long[] {(long) s.kvHeads() * s.headDim(), s.hidden()});
            out.put(p + "self_attn.o_proj.weight", new long[] {s.hidden(), (long) s.heads() * s.headDim()});
            out.put(p + "self_attn.q_norm.weight", new long[] {s.headDim()});
            out.put(p + "self_attn.k_norm.weight", new long[] {s.headDim()});
            out.put(p + "post_attention_layernorm.weight", new long[] {s.hidden()});
            out.put(p + "mlp.gate.weight", new long[] {s.experts(), s.hidden()});
            for (int e = 0; e < s.experts(); e++) {
                String x = p + "mlp.experts." + e + ".";
                out.put(x + "gate_proj.weight", new long[] {s.expertSize(), s.hidden()});
                out.put(x + "up_proj.weight", new long[] {s.expertSize(), s.hidden()});
                out.put(x + "down_proj.weight", new long[] {s.hidden(), s.expertSize()});
            }
        }
        out.put("model.norm.weight", new long[] {s.hidden()});
        out.put("lm_head.weight", new long[] {s.vocabSize(), s.hidden()});
        return out;
    }

    /** Fresh weights: norms 1, everything else N(0, INIT_STD), drawn in {@link #shapes} order from {@code seed}. */
    public static MoeWeights init(MoeSpec spec, long seed, NDManager parent) {
        MoeWeights w = new MoeWeights(spec, parent);
        Random rnd = new Random(seed);
        for (Map.Entry<String, long[]> e : shapes(spec).entrySet()) {
            float[] data = new float[(int) numel(e.getValue())];
            if (e.getKey().endsWith("norm.weight")) {
                Arrays.fill(data, 1f);
            } else {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) (rnd.nextGaussian() * INIT_STD);
                }
            }
            w.put(e.getKey(), data, e.getValue());
        }
        return w;
    }

    /** Reads {@code dir/model.safetensors} (any of F32/F16/BF16, widened to f32); every tensor must be present. */
    public static MoeWeights load(MoeSpec spec, Path dir, NDManager parent) {
        MoeWeights w = new MoeWeights(spec, parent);
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(dir)) {
            for (Map.Entry<String, long[]> e : shapes(spec).entrySet()) {
                if (!ckpt.contains(e.getKey())) {
                    throw new CheckpointException(ckpt.source() + ": tensor '" + e.getKey() + "' is missing");
                }
                long[] stored = ckpt.entry(e.getKey()).shape();
                if (!Arrays.equals(stored, e.getValue())) {
                    throw new CheckpointException(ckpt.source() + ": tensor '" + e.getKey() + "' has shape "
                            + Arrays.toString(stored) + ", config.json implies " + Arrays.toString(e.getValue()));
                }
                w.put(e.getKey(), ckpt.readF32(e.getKey()), e.getValue());
            }
        } catch (RuntimeException ex) {
            w.close();
            throw ex;
        }
        return w;
    }

    private void put(String name, float[] data, long[] shape) {
        NDArray a = manager.create(data, new Shape(shape));
        a.setName(name);
        tensors.put(name, a);
    }

    /** Writes all tensors to {@code file} in {@code dtype} (BF16/F16 rounded to nearest even). */
    public void save(Path file, SafetensorsDType dtype) {
        List<SafetensorsWriter.Tensor> out = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            out.add(new SafetensorsWriter.Tensor(e.getKey(), dtype, a.getShape().getShape(), a::toFloatArray));
        }
        SafetensorsWriter.write(file, out, Map.of("format", "pt"));
    }

    /** Rounds every weight to bf16 and back, so training-side evaluation sees exactly what a bf16 file holds. */
    public void roundToBf16() {
        for (NDArray a : tensors.values()) {
            float[] v = a.toFloatArray();
            for (int i = 0; i < v.length; i++) {
                // keep the top 16 bits, rounding the dropped half to nearest even (as SafetensorsWriter does)
                int bits = Float.floatToRawIntBits(v[i]);
                if ((bits & 0x7f800000) != 0x7f800000) {
                    bits += 0x7fff + ((bits >>> 16) & 1);
                }
                v[i] = Float.intBitsToFloat(bits & 0xffff0000);
            }
            a.set(v);
        }
    }

    /** Lends every tensor to {@code step} until it closes, so ops on weights put their results there. */
    public void lendTo(NDManager step) {
        tensors.values().forEach(a -> a.tempAttach(step));
    }

    public NDArray get(String name) {
        NDArray a = tensors.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no tensor '" + name + "'");
        }
        return a;
    }

    public NDArray layer(int layer, String suffix) {
        return get("model.layers." + layer + "." + suffix);
    }

    public NDArray expert(int layer, int expert, String proj) {
        return get("model.layers." + layer + ".mlp.experts." + expert + "." + proj + ".weight");
    }

    public Map<String, NDArray> all() {
        return tensors;
    }

    public MoeSpec spec() {
        return spec;
    }

    public NDManager manager() {
        return manager;
    }

    /** Every value of every tensor, in name order (for determinism checks). */
    public float[] flatten() {
        int n = 0;
        for (NDArray a : tensors.values()) {
            n += (int) a.size();
        }
        float[] out = new float[n];
        int pos = 0;
        for (NDArray a : tensors.values()) {
            float[] v = a.toFloatArray();
            System.arraycopy(v, 0, out, pos, v.length);
            pos += v.length;
        }
        return out;
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public void close() {
        manager.close();
    }
}
