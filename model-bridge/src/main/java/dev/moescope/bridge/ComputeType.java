package dev.moescope.bridge;

/** The dtype of weights and activations. F16 only on GPU; norms and softmaxes always run in float32. */
public enum ComputeType {
    F32,
    F16
}
