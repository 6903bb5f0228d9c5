package dev.moescope.cli;

import dev.moescope.bridge.ComputeType;
import dev.moescope.bridge.Device;
import dev.moescope.bridge.ExpertDispatch;
import picocli.CommandLine.Option;

import java.util.Locale;

/** --device and --dtype of inspect and bench, parsed with messages that list what is accepted. */
final class DeviceChoices {

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu; default: ${DEFAULT-VALUE}")
    String device;

    @Option(names = "--dtype", description = "compute dtype f32 or f16 (f16 only on GPU); default: f32 on cpu, f16 on gpu")
    String dtype;

    Device device() {
        return switch (device.toLowerCase(Locale.ROOT)) {
            case "cpu" -> Device.CPU;
            case "gpu", "cuda" -> Device.GPU;
            default -> throw new IllegalArgumentException("--device '" + device + "' is not supported (cpu or gpu)");
        };
    }

    /** The compute dtype; without --dtype f32 on the CPU and f16 on the GPU. f16 on the CPU is refused. */
    ComputeType computeType() {
        Device d = device();
        if (dtype == null) {
            return d == Device.CPU ? ComputeType.F32 : ComputeType.F16;
        }
        ComputeType t = switch (dtype.toLowerCase(Locale.ROOT)) {
            case "f32", "float32" -> ComputeType.F32;
            case "f16", "float16" -> ComputeType.F16;
            default -> throw new IllegalArgumentException("--dtype '" + dtype + "' is not supported (f32 or f16; bf16 "
                    + "checkpoints are widened to f32 on cpu or cast to f16 on gpu)");
        };
        if (t == ComputeType.F16 && d == Device.CPU) {
            throw new IllegalArgumentException("--dtype f16 needs --device gpu (the cpu computes in f32)");
        }
        return t;
    }

    static ExpertDispatch dispatch(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "grouped" -> ExpertDispatch.GROUPED;
            case "hf-loop", "hf_loop" -> ExpertDispatch.HF_LOOP;
            default -> throw new IllegalArgumentException("--dispatch '" + s + "' is not supported (grouped or hf-loop)");
        };
    }
}
