package dev.moescope.bridge.random;

import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.safetensors.SafetensorsWriter;
import dev.moescope.bridge.safetensors.SafetensorsWriter.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes a complete random Hugging Face checkpoint directory: configs, tokenizer files and weights. */
public final class RandomCheckpoint {

    private RandomCheckpoint() {
    }

    /**
     * Writes {@code spec} into {@code out} (created if needed). {@code shards} 1 writes {@code model.safetensors};
     * more writes {@code model-0000N-of-0000M.safetensors} plus the index. The same arguments give the same bytes.
     */
    public static Summary write(Path out, RandomModelSpec spec, SafetensorsDType dtype, int shards, long seed) {
        List<Tensor> tensors = RandomWeights.of(spec, dtype, seed);
        if (shards < 1 || shards > tensors.size()) {
            throw new IllegalArgumentException("--shards must be between 1 and " + tensors.size() + ", got " + shards);
        }
        try {
            Files.createDirectories(out);
            HfConfigFiles.write(out, spec, dtype);
            ByteLevelTokenizerFiles.write(out, HfConfigFiles.MAX_POSITIONS);
        } catch (IOException e) {
            throw new UncheckedIOException(out + ": cannot write: " + e.getMessage(), e);
        }
        Map<String, String> metadata = Map.of("format", "pt");
        if (shards == 1) {
            SafetensorsWriter.write(out.resolve("model.safetensors"), tensors, metadata);
        } else {
            SafetensorsWriter.writeSharded(out, tensors, shards, metadata);
        }
        long params = 0;
        long bytes = 0;
        for (Tensor t : tensors) {
            // MXFP4 blocks hold two 4-bit parameters per byte; their scales are not parameters
            params += t.dtype() != SafetensorsDType.U8 ? t.numel() : t.name().endsWith("_blocks") ? 2 * t.numel() : 0;
            bytes += t.byteLength();
        }
        return new Summary(tensors.size(), params, bytes);
    }

    /** What was written: tensor count, parameter count, weight bytes. */
    public record Summary(int tensors, long parameters, long weightBytes) {
    }
}
