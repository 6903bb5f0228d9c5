package dev.moescope.bridge;

import java.util.Objects;

/** How to load a model: device, compute dtype and expert dispatch. */
public record LoadOptions(Device device, ComputeType dtype, ExpertDispatch dispatch) {

    public LoadOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(dispatch, "dispatch");
    }

    /** CPU, float32, grouped dispatch. */
    public static LoadOptions cpu() {
        return new LoadOptions(Device.CPU, ComputeType.F32, ExpertDispatch.GROUPED);
    }

    public LoadOptions withDispatch(ExpertDispatch d) {
        return new LoadOptions(device, dtype, d);
    }
}
