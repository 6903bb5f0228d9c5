package dev.moescope.bridge;

import ai.djl.ndarray.types.DataType;
import dev.moescope.bridge.inspect.DeviceProbe;
import dev.moescope.bridge.inspect.HostMemory;
import dev.moescope.bridge.inspect.MemoryCheck;

import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.safetensors.TensorEntry;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one set of device and dtype rules, used by {@link MoeModel#load}, the memory check, {@code moescope inspect},
 * every CLI command that loads a model and the app's model panel, so they all give the same answer.
 *
 * <ul>
 *   <li>Device: the CPU, or the first CUDA GPU DJL's PyTorch engine sees.</li>
 *   <li>Compute dtype, by default f32 on the CPU and f16 on the GPU. f16 on the CPU is refused: fp16 matmul there
 *       is ~14x slower than f32. Norms and softmaxes always run in f32.</li>
 *   <li>Weight storage: every weight resident at the compute dtype (bf16/f16 checkpoints are widened to f32 on the
 *       CPU, bf16 is cast to f16 on the GPU). CPU weights live in JVM direct memory (DJL keeps each tensor in the
 *       direct buffer it was made from), so they must also fit {@code -XX:MaxDirectMemorySize}; GPU weights live in
 *       the GPU's memory.</li>
 *   <li>Memory check: {@link MemoryCheck} of the weights at that dtype, the KV cache and a margin, against the
 *       memory free on that device.</li>
 * </ul>
 */
public record LoadPolicy(Device device, ComputeType dtype) {

    /** Where the weights are held once loaded. */
    public enum WeightStorage {
        /** Host memory, in JVM direct buffers: limited by MemAvailable and {@code -XX:MaxDirectMemorySize}. */
        CPU_DIRECT_MEMORY,
        /** The GPU's memory. */
        GPU_MEMORY
    }

    public LoadPolicy {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(dtype, "dtype");
        if (device == Device.CPU && dtype == ComputeType.F16) {
            throw new IllegalArgumentException("dtype f16 is only supported on the GPU (f16 matmul on the CPU is ~14x "
                    + "slower); use f32 on the CPU");
        }
    }

    /** The default compute dtype of a device: f32 on the CPU, f16 on the GPU. */
    public static ComputeType defaultDtype(Device device) {
        return device == Device.GPU ? ComputeType.F16 : ComputeType.F32;
    }

    /** The policy for {@code device} at {@code dtype}, or at the device's default when {@code dtype} is null. */
    public static LoadPolicy of(Device device, ComputeType dtype) {
        return new LoadPolicy(device, dtype == null ? defaultDtype(device) : dtype);
    }

    /** The CPU at f32. */
    public static LoadPolicy cpu() {
        return of(Device.CPU, null);
    }

    /**
     * From command-line or UI words: {@code cpu}, {@code gpu}/{@code cuda}; {@code f32}/{@code float32},
     * {@code f16}/{@code float16}, or null/blank for the device's default. Errors list what is accepted.
     */
    public static LoadPolicy parse(String device, String dtype) {
        Device d = switch (device == null ? "cpu" : device.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.CPU;
            case "gpu", "cuda" -> Device.GPU;
            default -> throw new IllegalArgumentException("device '" + device + "' is not supported (cpu or gpu)");
        };
        if (dtype == null || dtype.isBlank()) {
            return of(d, null);
        }
        ComputeType t = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f32", "float32" -> ComputeType.F32;
            case "f16", "float16" -> ComputeType.F16;
            default -> throw new IllegalArgumentException("dtype '" + dtype + "' is not supported (f32 or f16; bf16 "
                    + "checkpoints are widened to f32 on the cpu or cast to f16 on the gpu)");
        };
        return of(d, t);
    }

    public WeightStorage weightStorage() {
        return device == Device.GPU ? WeightStorage.GPU_MEMORY : WeightStorage.CPU_DIRECT_MEMORY;
    }

    /** The dtype every weight and activation tensor is held in. */
    DataType weightDataType() {
        return dtype == ComputeType.F16 ? DataType.FLOAT16 : DataType.FLOAT32;
    }

    /** Options for {@link MoeModel#load} under this policy. */
    public LoadOptions loadOptions(ExpertDispatch dispatch) {
        return new LoadOptions(device, dtype, dispatch);
    }

    public LoadOptions loadOptions() {
        return loadOptions(ExpertDispatch.GROUPED);
    }

    /** The check against the memory free on the device now (MemAvailable or the GPU probe), for {@code context} tokens. */
    public MemoryCheck check(ModelConfig config, int context) {
        HostMemory host = device == Device.CPU ? HostMemory.probe() : null;
        long available = host != null ? host.availableBytes() : Math.max(0, DeviceProbe.probe().gpuFreeBytes());
        return check(config, context, available, host != null ? host.jvmDirectMemoryBytes() : -1);
    }

    /** The check against given free memory and JVM direct-memory limit (CPU; ignored on the GPU). */
    public MemoryCheck check(ModelConfig config, int context, long availableBytes, long directMemoryLimitBytes) {
        return MemoryCheck.of(config, device, dtype, context, availableBytes,
                device == Device.CPU ? directMemoryLimitBytes : -1);
    }

    /** The resident-memory budget when none is given: the memory free on the device (CPU: also the direct-memory limit). */
    public long defaultBudgetBytes() {
        if (device == Device.GPU) {
            return Math.max(0, DeviceProbe.probe().gpuFreeBytes());
        }
        HostMemory host = HostMemory.probe();
        long direct = host.jvmDirectMemoryBytes();
        return direct > 0 ? Math.min(host.availableBytes(), direct) : host.availableBytes();
    }

    /**
     * Resident or streamed execution for the checkpoint in {@code dir} under a budget ({@code budgetBytes} 0: the
     * device's free memory): resident when every weight at the compute dtype fits the budget, streamed otherwise.
     * The sizes come from the checkpoint's headers (MXFP4 bytes count as two weights each, as they are dequantised).
     */
    public Execution execution(Path dir, long budgetBytes) {
        long budget = budgetBytes > 0 ? budgetBytes : defaultBudgetBytes();
        int bytes = dtype == ComputeType.F16 ? 2 : 4;
        Map<Integer, Long> perLayer = new HashMap<>();
        long shared = 0;
        try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(dir)) {
            for (String name : ckpt.names()) {
                TensorEntry e = ckpt.entry(name);
                long n = e.dtype() == SafetensorsDType.U8 ? 2 * e.numel() : e.numel();
                Integer layer = layerOf(name);
                if (layer == null) {
                    shared += n * bytes;
                } else {
                    perLayer.merge(layer, n * bytes, Long::sum);
                }
            }
        }
        long layers = perLayer.values().stream().mapToLong(Long::longValue).sum();
        long largest = perLayer.values().stream().mapToLong(Long::longValue).max().orElse(0);
        Execution.Mode mode = shared + layers <= budget ? Execution.Mode.RESIDENT : Execution.Mode.STREAMED;
        return new Execution(mode, shared + layers, shared + largest, budget);
    }

    /** N of {@code model.layers.N.*}, or null for the embedding, final norm and lm_head. */
    private static Integer layerOf(String name) {
        String p = "model.layers.";
        if (!name.startsWith(p)) {
            return null;
        }
        int end = name.indexOf('.', p.length());
        return end < 0 ? null : Integer.valueOf(name.substring(p.length(), end));
    }

    /**
     * Parses a memory size: {@code 8g}, {@code 200m}, {@code 512k}, {@code 1073741824} (bytes); binary units.
     * The error names what is accepted.
     */
    public static long parseBytes(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty() && "kmgt".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmgt".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            double v = Double.parseDouble(t);
            if (v <= 0 || Double.isNaN(v) || Double.isInfinite(v)) {
                throw new NumberFormatException();
            }
            return (long) (v * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("memory size '" + text + "' is not valid (e.g. 8g, 200m, 512k or bytes)");
        }
    }

    /** "cpu f32" / "gpu f16". */
    public String describe() {
        return device.name().toLowerCase(Locale.ROOT) + " " + dtype.name().toLowerCase(Locale.ROOT);
    }
}
