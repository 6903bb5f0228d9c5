package dev.moescope.bridge.random;

import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.safetensors.SafetensorsWriter.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The tensors of a random checkpoint, with the Hugging Face names of each architecture. Values are seeded
 * normals: weights and biases N(0, 0.02^2), RMSNorm weights 1 + N(0, 0.1^2) (close to 1, never all 1). Each
 * tensor has its own generator seeded from (seed, name), so values do not depend on tensor order or sharding,
 * and data is produced only when the writer asks for it.
 */
public final class RandomWeights {

    static final double WEIGHT_STD = 0.02;
    static final double NORM_STD = 0.1;

    private final RandomModelSpec spec;
    private final SafetensorsDType dtype;
    private final long seed;
    private final List<Tensor> tensors = new ArrayList<>();

    private RandomWeights(RandomModelSpec spec, SafetensorsDType dtype, long seed) {
        this.spec = spec;
        this.dtype = dtype;
        this.seed = seed;
    }

    public static List<Tensor> of(RandomModelSpec spec, SafetensorsDType dtype, long seed) {
        RandomWeights w = new RandomWeights(spec, dtype, seed);
        w.build();
        return List.copyOf(w.tensors);
    }

    private void build() {
        int h = spec.hiddenSize();
        int q = spec.numHeads() * spec.headDim();
        int kv = spec.numKvHeads() * spec.headDim();
        weight("model.embed_tokens.weight", spec.vocabSize(), h);
        for (int i = 0; i < spec.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            norm(p + "input_layernorm.weight", h);
            norm(p + "post_attention_layernorm.weight", h);
            weight(p + "self_attn.q_proj.weight", q, h);
            weight(p + "self_attn.k_proj.weight", kv, h);
            weight(p + "self_attn.v_proj.weight", kv, h);
            weight(p + "self_attn.o_proj.weight", h, q);
            switch (spec.arch()) {
                case "qwen3_moe" -> {                        // per-head q/k norm
                    norm(p + "self_attn.q_norm.weight", spec.headDim());
                    norm(p + "self_attn.k_norm.weight", spec.headDim());
                }
                case "olmoe" -> {                            // q/k norm over the whole projection
                    norm(p + "self_attn.q_norm.weight", q);
                    norm(p + "self_attn.k_norm.weight", kv);
                }
                case "qwen2_moe" -> {                        // q/k/v bias
                    weight(p + "self_attn.q_proj.bias", q);
                    weight(p + "self_attn.k_proj.bias", kv);
                    weight(p + "self_attn.v_proj.bias", kv);
                }
                default -> { }
            }
            if (spec.arch().equals("mixtral")) {
                String m = p + "block_sparse_moe.";
                weight(m + "gate.weight", spec.numExperts(), h);
                for (int e = 0; e < spec.numExperts(); e++) {
                    String x = m + "experts." + e + ".";
                    weight(x + "w1.weight", spec.intermediateSize(), h);   // gate
                    weight(x + "w2.weight", h, spec.intermediateSize());   // down
                    weight(x + "w3.weight", spec.intermediateSize(), h);   // up
                }
            } else if (spec.isMoeLayer(i)) {
                weight(p + "mlp.gate.weight", spec.numExperts(), h);
                for (int e = 0; e < spec.numExperts(); e++) {
                    mlp(p + "mlp.experts." + e + ".", spec.moeIntermediateSize());
                }
                if (spec.sharedExpertSize() > 0) {
                    mlp(p + "mlp.shared_expert.", spec.sharedExpertSize());
                    weight(p + "mlp.shared_expert_gate.weight", 1, h);
                }
            } else {
                mlp(p + "mlp.", spec.intermediateSize());           // dense layer
            }
        }
        norm("model.norm.weight", h);
        weight("lm_head.weight", spec.vocabSize(), h);
    }

    private void mlp(String prefix, int width) {
        int h = spec.hiddenSize();
        weight(prefix + "gate_proj.weight", width, h);
        weight(prefix + "up_proj.weight", width, h);
        weight(prefix + "down_proj.weight", h, width);
    }

    private void weight(String name, long... shape) {
        add(name, shape, 0.0, WEIGHT_STD);
    }

    private void norm(String name, long size) {
        add(name, new long[] {size}, 1.0, NORM_STD);
    }

    private void add(String name, long[] shape, double mean, double std) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        int count = Math.toIntExact(n);
        long tensorSeed = mix(seed, name);
        tensors.add(new Tensor(name, dtype, shape, () -> {
            SplittableRandom rng = new SplittableRandom(tensorSeed);
            float[] v = new float[count];
            for (int i = 0; i < count; i++) {
                v[i] = (float) (mean + std * rng.nextGaussian());
            }
            return v;
        }));
    }

    /** A 64-bit seed from (seed, name): FNV-1a over the name's chars, then a SplitMix64 finaliser. */
    static long mix(long seed, String name) {
        long x = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < name.length(); i++) {
            x = (x ^ name.charAt(i)) * 0x100000001b3L;
        }
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }
}
