package dev.moescope.bridge.inspect;

import dev.moescope.bridge.ComputeType;
import dev.moescope.bridge.Device;
import dev.moescope.bridge.Architecture;
import dev.moescope.bridge.ModelConfig;

import java.util.Locale;

/**
 * Whether a model fits a device: weights at the compute dtype + KV cache for the context + a working margin,
 * against the memory the device has free.
 *
 * <p>Weights as loaded: on the CPU everything is float32 (F16/BF16 checkpoints are widened; fp16 matmuls on CPU
 * are far slower), on the GPU float16 or float32 as chosen (BF16 checkpoints are cast to f16).
 * KV cache: {@code 2 (k and v) * layers * kv_heads * head_dim * context * bytes}.
 * Working margin (stated, deliberately generous): {@value #RUNTIME_OVERHEAD_MIB} MiB for the runtime (libtorch,
 * JVM, allocator slack) + 10% of weights and KV cache + one layer's eager attention scores
 * ({@code heads * context^2 * bytes}) + full-context logits in float32 ({@code context * vocab * 4}), which trace
 * capture returns.
 *
 * <p>On the CPU, DJL keeps each weight tensor in the direct ByteBuffer it was created from, so the weights
 * must also fit the JVM's direct-memory limit ({@code -XX:MaxDirectMemorySize}, by default the -Xmx heap size).
 *
 * @param directMemoryLimitBytes the JVM direct-memory limit the weights must fit (CPU), or -1 for none (GPU)
 */
public record MemoryCheck(Device device, ComputeType dtype, int context, long weightBytes, long kvCacheBytes,
                          long marginBytes, long availableBytes, long directMemoryLimitBytes) {

    public static final long RUNTIME_OVERHEAD_MIB = 512;

    /** The check for {@code config} on {@code device} at {@code dtype} for {@code context} tokens, no JVM limit. */
    public static MemoryCheck of(ModelConfig config, Device device, ComputeType dtype, int context, long availableBytes) {
        return of(config, device, dtype, context, availableBytes, -1);
    }

    /** As {@link #of(ModelConfig, Device, ComputeType, int, long)}, with the JVM direct-memory limit (CPU only). */
    public static MemoryCheck of(ModelConfig config, Device device, ComputeType dtype, int context, long availableBytes,
                                 long directMemoryLimitBytes) {
        if (context <= 0) {
            throw new IllegalArgumentException("context must be positive, got " + context);
        }
        ComputeType effective = device == Device.CPU ? ComputeType.F32 : dtype;
        int bytes = bytesOf(effective);
        long weights = ParameterCount.of(config).total() * bytes;
        long kv = (long) config.numHiddenLayers() * kvCacheWidth(config) * context * bytes;
        long scores = (long) config.numAttentionHeads() * context * context * bytes;
        long logits = (long) context * config.vocabSize() * 4;
        long margin = RUNTIME_OVERHEAD_MIB * (1L << 20) + (weights + kv) / 10 + scores + logits;
        return new MemoryCheck(device, effective, context, weights, kv, margin, availableBytes,
                device == Device.CPU ? directMemoryLimitBytes : -1);
    }

    /** Cached key + value elements per token and layer: MLA caches per-head keys (nope + rope) and values. */
    static long kvCacheWidth(ModelConfig c) {
        if (c.architecture().attention() instanceof Architecture.Mla m) {
            return (long) m.heads() * (m.qkHeadDim() + m.vHeadDim());
        }
        return 2L * c.numKeyValueHeads() * c.headDim();
    }

    public static int bytesOf(ComputeType t) {
        return t == ComputeType.F32 ? 4 : 2;
    }

    public long requiredBytes() {
        return weightBytes + kvCacheBytes + marginBytes;
    }

    public boolean fits() {
        return availableBytes >= requiredBytes() && fitsDirectMemory();
    }

    /** Whether the weights fit the JVM direct-memory limit (always true without one). */
    public boolean fitsDirectMemory() {
        return directMemoryLimitBytes < 0 || weightBytes <= directMemoryLimitBytes;
    }

    /** One line with the numbers, e.g. {@code needs 3.1 GiB (weights 2.4 + KV 0.2 + margin 0.5) of 12.0 GiB free}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s %s, context %d: needs %s (weights %s + KV cache %s + margin %s), %s free",
                device.name().toLowerCase(Locale.ROOT), dtype.name().toLowerCase(Locale.ROOT), context,
                gib(requiredBytes()), gib(weightBytes), gib(kvCacheBytes), gib(marginBytes), gib(availableBytes));
    }

    /** Throws with the numbers when the model does not fit. */
    public void requireFits() {
        if (!fitsDirectMemory()) {
            throw new IllegalStateException("model does not fit the JVM: weights need " + gib(weightBytes)
                    + " of direct memory, the limit is " + gib(directMemoryLimitBytes)
                    + " (raise it with -XX:MaxDirectMemorySize=..., e.g. through MOESCOPE_JAVA_OPTS)");
        }
        if (availableBytes < requiredBytes()) {
            throw new IllegalStateException("model does not fit: " + describe() + "; short by "
                    + gib(requiredBytes() - availableBytes) + " (try a shorter context"
                    + (device == Device.GPU && dtype == ComputeType.F32 ? ", f16" : "") + " or a larger device)");
        }
    }

    public static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
}
