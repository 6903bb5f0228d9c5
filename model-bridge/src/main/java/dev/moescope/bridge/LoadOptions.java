package dev.moescope.bridge;

import java.util.Objects;

/**
 * How to load a model: device, compute dtype, expert dispatch and the resident-memory budget
 * ({@code maxResidentBytes}; 0: the memory free on the device) that {@link LoadPolicy#execution} compares the
 * resident weights with to choose resident or streamed execution.
 */
public record LoadOptions(Device device, ComputeType dtype, ExpertDispatch dispatch, long maxResidentBytes) {

    public LoadOptions {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(dispatch, "dispatch");
        if (maxResidentBytes < 0) {
            throw new IllegalArgumentException("max resident memory must be positive, got " + maxResidentBytes);
        }
    }

    /** With the default budget (the device's free memory). */
    public LoadOptions(Device device, ComputeType dtype, ExpertDispatch dispatch) {
        this(device, dtype, dispatch, 0);
    }

    /** CPU, float32, grouped dispatch. */
    public static LoadOptions cpu() {
        return new LoadOptions(Device.CPU, ComputeType.F32, ExpertDispatch.GROUPED);
    }

    public LoadOptions withDispatch(ExpertDispatch d) {
        return new LoadOptions(device, dtype, d, maxResidentBytes);
    }

    /** With a resident-memory budget in bytes (0: the device's free memory). */
    public LoadOptions withMaxResidentBytes(long bytes) {
        return new LoadOptions(device, dtype, dispatch, bytes);
    }
}
