package dev.moescope.app.backend;

import dev.moescope.bridge.Device;
import dev.moescope.bridge.Execution;
import dev.moescope.bridge.LoadPolicy;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.inspect.MemoryCheck;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What the sidebar shows before loading a checkpoint folder: the bridge's inspect summary (config and
 * parameter counts) and its memory check against the memory free on the chosen device, under the same
 * {@link LoadPolicy} (device default dtype: f32 on the CPU, f16 on the GPU) that {@link CoreBackend#open} loads with.
 */
final class ModelInspection {
    /** Context length the memory check assumes (a long UDHR segment, byte-level). */
    static final int CHECK_CONTEXT = 2048;

    private ModelInspection() {}

    static String count(long n) {
        return n >= 1e9 ? String.format(Locale.ROOT, "%.2f B", n / 1e9)
                : n >= 1e6 ? String.format(Locale.ROOT, "%.1f M", n / 1e6) : String.format(Locale.ROOT, "%.1f k", n / 1e3);
    }

    /** The load policy of the panel's device choice ("GPU" or "CPU"), at the device's default dtype. */
    static LoadPolicy policy(String device) {
        return LoadPolicy.of("GPU".equals(device) ? Device.GPU : Device.CPU, null);
    }

    static Backend.Inspection inspect(Path dir, String device, long budgetBytes) {
        var insp = dev.moescope.bridge.inspect.ModelInspection.of(dir);
        if (!insp.hasWeights()) {
            throw new IllegalArgumentException(dir + ": no safetensors weights in this folder (config.json alone cannot be loaded)");
        }
        ModelConfig c = insp.config();
        LoadPolicy policy = policy(device);
        MemoryCheck check = policy.check(c, CHECK_CONTEXT);
        Execution execution = policy.execution(dir, budgetBytes);
        String dense = insp.denseLayers().isEmpty() ? "" : "; dense " + insp.denseLayers();
        String shared = c.sharedExpertIntermediateSize() > 0
                ? " + shared expert(s) of width " + c.sharedExpertIntermediateSize() + " on every token" : "";
        String summary = String.format(Locale.ROOT, "%s · %d layers (%d MoE%s) · %d experts, top-%d%s · hidden %d · vocab %d%n"
                        + "%s parameters (%s active per token)",
                c.modelType(), c.numHiddenLayers(), c.moeLayers().size(), dense, c.numExperts(), c.numExpertsPerTok(), shared,
                c.hiddenSize(), c.vocabSize(), count(insp.params().total()), count(insp.params().active()));
        if (execution.streamed()) {
            // layers are read from the mapped checkpoint one at a time: collection works, generation does not
            String note = "Runs streamed, layer by layer: " + execution.describe() + ". Collecting routing works; "
                    + "generation and steering need the model resident (a larger memory budget; resident: " + check.describe() + ").";
            return new Backend.Inspection(summary, true, note);
        }
        String note = (check.fits() ? "Fits: " : "Will likely not fit: ") + check.describe()
                + " Runs resident: " + execution.describe() + ".";
        return new Backend.Inspection(summary, check.fits(), note);
    }
}
