package dev.moescope.bridge.safetensors;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor of a checkpoint, as its header describes it.
 *
 * @param file  the .safetensors file holding it
 * @param begin absolute file offset of the first byte (past the 8-byte length and the JSON header)
 * @param end   absolute file offset one past the last byte
 */
public record TensorEntry(String name, SafetensorsDType dtype, long[] shape, Path file, long begin, long end) {

    public TensorEntry {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the shape (1 for a scalar). */
    public long numel() {
        return numel(shape);
    }

    public long byteLength() {
        return end - begin;
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape) + " @" + file.getFileName() + "[" + begin + ", " + end + ")";
    }
}
