package dev.moescope.bridge.random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.CheckpointLayout;
import dev.moescope.bridge.ModelConfig;
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

    /** Every tensor of {@link CheckpointLayout} for the spec's config.json, in layout order. */
    private void build() {
        String json;
        try {
            json = new ObjectMapper().writeValueAsString(HfConfigFiles.config(spec, dtype));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ModelConfig config = ModelConfig.parse(json, spec.arch() + " random spec");
        for (CheckpointLayout.Entry e : CheckpointLayout.of(config)) {
            switch (e.storage()) {
                case FLOAT -> add(e.name(), e.shape(), e.norm() ? 1.0 : 0.0, e.norm() ? NORM_STD : WEIGHT_STD);
                case MXFP4_BLOCKS -> bytes(e.name(), e.shape(), 0, 256);
                // E8M0 exponents 2^-8 .. 2^-6: FP4 values (|v| <= 6) times these stay near the float weights' scale
                case MXFP4_SCALES -> bytes(e.name(), e.shape(), 119, 122);
            }
        }
    }

    /** Uniform random byte values in [from, to) as a U8 tensor. */
    private void bytes(String name, long[] shape, int from, int to) {
        int count = Math.toIntExact(numel(shape));
        long tensorSeed = mix(seed, name);
        tensors.add(new Tensor(name, SafetensorsDType.U8, shape, () -> {
            SplittableRandom rng = new SplittableRandom(tensorSeed);
            float[] v = new float[count];
            for (int i = 0; i < count; i++) {
                v[i] = rng.nextInt(from, to);
            }
            return v;
        }));
    }

    private static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
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
