package dev.moescope.cli;

import dev.moescope.bridge.ComputeType;
import dev.moescope.bridge.Device;
import dev.moescope.bridge.ExpertDispatch;
import dev.moescope.bridge.LoadPolicy;
import picocli.CommandLine.Option;

import java.util.Locale;

/** --device and --dtype of the commands that inspect or load a model, parsed by the bridge's {@link LoadPolicy}. */
final class DeviceChoices {

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu; default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--dtype", description = "compute dtype f32 or f16 (f16 only on GPU); default: f32 on cpu, f16 on gpu")
    String dtype;

    /** The policy of --device and --dtype: without --dtype f32 on the CPU and f16 on the GPU; f16 on the CPU refused. */
    LoadPolicy policy() {
        try {
            return LoadPolicy.parse(device, dtype);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--device " + device + (dtype == null ? "" : " --dtype " + dtype) + ": "
                    + e.getMessage(), e);
        }
    }

    Device device() {
        return policy().device();
    }

    ComputeType computeType() {
        return policy().dtype();
    }

    static ExpertDispatch dispatch(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "grouped" -> ExpertDispatch.GROUPED;
            case "hf-loop", "hf_loop" -> ExpertDispatch.HF_LOOP;
            default -> throw new IllegalArgumentException("--dispatch '" + s + "' is not supported (grouped or hf-loop)");
        };
    }
}
