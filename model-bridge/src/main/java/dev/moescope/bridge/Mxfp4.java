package dev.moescope.bridge;

import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.safetensors.TensorEntry;

import java.util.Arrays;

/**
 * MXFP4 expert weights as gpt-oss publishes them and transformers' {@code integrations/mxfp4.py} dequantises
 * them: {@code blocks U8 [E, R, G, 16]} and {@code scales U8 [E, R, G]}, R output rows, G groups of 32 inputs.
 * Each byte holds two 4-bit E2M1 codes, <b>low nibble first</b>; each group of 32 shares one E8M0 scale, a
 * biased exponent: {@code W[r, 32g + 2b] = FP4[byte & 0xF] * 2^(scale - 127)},
 * {@code W[r, 32g + 2b + 1] = FP4[byte >>> 4] * 2^(scale - 127)}.
 */
final class Mxfp4 {

    /** E2M1 values by code; bit 3 is the sign. */
    private static final float[] FP4 = {0f, .5f, 1f, 1.5f, 2f, 3f, 4f, 6f, -0f, -.5f, -1f, -1.5f, -2f, -3f, -4f, -6f};

    /** Decoded weights of one projection: per expert {@code [rows, cols]} row-major. */
    record Decoded(int experts, int rows, int cols, byte[] blocks, byte[] scales) {
        /** Expert {@code e} as {@code [rows, cols]} floats ({@code [out, in]}). */
        float[] expert(int e) {
            int groups = cols / 32;
            float[] w = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int g = 0; g < groups; g++) {
                    int row = e * rows + r;
                    // E8M0: value 2^(s - 127), s unsigned; Math.scalb is exact (powers of two)
                    int exponent = (scales[row * groups + g] & 0xFF) - 127;
                    int blockBase = (row * groups + g) * 16;
                    int out = r * cols + g * 32;
                    for (int b = 0; b < 16; b++) {
                        int byteValue = blocks[blockBase + b] & 0xFF;
                        w[out + 2 * b] = Math.scalb(FP4[byteValue & 0x0F], exponent);   // low nibble first
                        w[out + 2 * b + 1] = Math.scalb(FP4[byteValue >>> 4], exponent);
                    }
                }
            }
            return w;
        }
    }

    private Mxfp4() {
    }

    /**
     * Reads {@code prefix_blocks} / {@code prefix_scales} and checks them against the expected
     * {@code [experts, rows, cols]}; inconsistent shapes or dtypes name the file and the tensor.
     */
    static Decoded read(SafetensorsCheckpoint ckpt, String prefix, int experts, int rows, int cols) {
        String blocksName = prefix + "_blocks";
        String scalesName = prefix + "_scales";
        TensorEntry blocks = entry(ckpt, blocksName);
        TensorEntry scales = entry(ckpt, scalesName);
        if (cols % 32 != 0) {
            throw new CheckpointException(blocks.file() + ": tensor '" + blocksName + "': MXFP4 needs the input width ("
                    + cols + ") to be a multiple of 32");
        }
        long[] expectBlocks = {experts, rows, cols / 32, 16};
        long[] expectScales = {experts, rows, cols / 32};
        if (!Arrays.equals(blocks.shape(), expectBlocks)) {
            throw new CheckpointException(blocks.file() + ": tensor '" + blocksName + "' has shape "
                    + Arrays.toString(blocks.shape()) + " but config.json implies MXFP4 blocks "
                    + Arrays.toString(expectBlocks) + " ([experts, out, in / 32, 16])");
        }
        if (!Arrays.equals(scales.shape(), expectScales)) {
            throw new CheckpointException(scales.file() + ": tensor '" + scalesName + "' has shape "
                    + Arrays.toString(scales.shape()) + ", inconsistent with its blocks " + Arrays.toString(blocks.shape())
                    + " (MXFP4 scales are [experts, out, in / 32] = " + Arrays.toString(expectScales) + ")");
        }
        return new Decoded(experts, rows, cols, ckpt.readU8(blocksName), ckpt.readU8(scalesName));
    }

    private static TensorEntry entry(SafetensorsCheckpoint ckpt, String name) {
        if (!ckpt.contains(name)) {
            throw new CheckpointException(ckpt.source() + ": tensor '" + name + "' is missing (config.json's "
                    + "quantization_config says MXFP4 experts)");
        }
        TensorEntry e = ckpt.entry(name);
        if (e.dtype() != SafetensorsDType.U8) {
            throw new CheckpointException(e.file() + ": tensor '" + name + "' has dtype " + e.dtype()
                    + ", but MXFP4 blocks and scales are U8");
        }
        return e;
    }
}
