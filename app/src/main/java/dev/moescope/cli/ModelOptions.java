package dev.moescope.cli;

import dev.moescope.bridge.ComputeType;
import dev.moescope.bridge.Device;
import dev.moescope.bridge.ExpertDispatch;
import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.resources.DemoAssets;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** Options shared by the commands that load a model: --model, --steer, --device, --dtype. */
final class ModelOptions {

    @Option(names = "--model", description = "Hugging Face checkpoint directory (default: the bundled demo model)")
    Path model;

    @Option(names = "--steer", description = "steering file (JSON: bias / scaled / mask) applied to every MoE router")
    Path steer;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu; default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--dtype", defaultValue = "f32", description = "f32, or f16 (GPU only); default: ${DEFAULT-VALUE}")
    String dtype;

    /**
     * Loads the model (or the demo model when --model is absent). The model holds no intervention: commands pass
     * {@link #steering(MoeModel)} to each call.
     */
    MoeModel load() {
        Path dir = model != null ? model : demoModel();
        LoadOptions opts = new LoadOptions(parseDevice(), parseDtype(), ExpertDispatch.GROUPED);
        return MoeModel.load(dir, opts);
    }

    /** The --steer file as an intervention, {@link RouterIntervention#NONE} without one. */
    RouterIntervention steering() {
        return steer == null ? RouterIntervention.NONE : RouterIntervention.read(steer);
    }

    /** {@link #steering()}, checked against the loaded model's MoE layers and experts. */
    RouterIntervention steering(MoeModel m) {
        RouterIntervention iv = steering();
        try {
            m.check(iv);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(steer + ": " + e.getMessage(), e);
        }
        return iv;
    }

    private static Path demoModel() {
        try {
            return DemoAssets.modelDir();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("no --model given and the demo model is not available: " + e.getMessage(), e);
        }
    }

    private Device parseDevice() {
        return switch (device.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.CPU;
            case "gpu", "cuda" -> Device.GPU;
            default -> throw new IllegalArgumentException("--device must be cpu or gpu, got '" + device + "'");
        };
    }

    private ComputeType parseDtype() {
        return switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f32", "float32" -> ComputeType.F32;
            case "f16", "float16" -> ComputeType.F16;
            default -> throw new IllegalArgumentException("--dtype must be f32 or f16, got '" + dtype + "'");
        };
    }
}
