package dev.moescope.bridge;

/** Where the model runs: the CPU, or the first CUDA GPU that DJL's PyTorch engine sees. */
public enum Device {
    CPU,
    GPU
}
