package dev.moescope.cli;

import dev.moescope.bridge.Execution;
import dev.moescope.bridge.LoadPolicy;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.resources.DemoAssets;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Options shared by the commands that load a model: --model, --steer, --device, --dtype. */
final class ModelOptions {

    /** Context the memory check assumes when a command cannot know it before loading (the app's panel uses it too). */
    static final int DEFAULT_CONTEXT = 2048;

    @Option(names = "--model", description = "Hugging Face checkpoint directory (default: the bundled demo model)")
    Path model;

    @Option(names = "--steer", description = "steering file (JSON: bias / scaled / mask) applied to every MoE router")
    Path steer;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu; default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--dtype", description = "compute dtype f32 or f16 (f16 only on gpu); default: f32 on cpu, f16 on gpu")
    String dtype;

    /** The bridge's load policy for --device and --dtype (the one inspect, bench and the app use). */
    LoadPolicy policy() {
        try {
            return LoadPolicy.parse(device, dtype);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--device " + device + (dtype == null ? "" : " --dtype " + dtype) + ": "
                    + e.getMessage(), e);
        }
    }

    /** The checkpoint directory: --model, or the bundled demo model. */
    Path dir() {
        return model != null ? model : demoModel();
    }

    /**
     * Loads the model (or the demo model when --model is absent) under {@link #policy()}, after its memory check
     * for {@code context} tokens (refused with the numbers when it does not fit). The model holds no intervention:
     * commands pass {@link #steering(MoeModel)} to each call.
     */
    MoeModel load(int context) {
        Path dir = dir();
        LoadPolicy policy = policy();
        policy.check(ModelConfig.read(dir), context).requireFits();
        return MoeModel.load(dir, policy.loadOptions());
    }

    /**
     * For prefill-only commands (collect, trace): resident when the weights fit {@code budgetBytes} (0: the device's
     * free memory; then the memory check as above), streamed layer by layer otherwise; says which on stderr
     * ({@code always}) or only when streamed.
     */
    MoeModel loadForPrefill(int context, long budgetBytes, boolean always) {
        Path dir = dir();
        LoadPolicy policy = policy();
        ModelConfig config = ModelConfig.read(dir);                    // names a bad config before the weights
        Execution execution = policy.execution(dir, budgetBytes);
        if (!execution.streamed()) {
            policy.check(config, context).requireFits();
        }
        if (always || execution.streamed()) {
            System.err.println("execution: " + execution.describe());
        }
        return MoeModel.load(dir, policy.loadOptions().withMaxResidentBytes(budgetBytes));
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
}
