package dev.moescope.bridge;

import dev.moescope.bridge.random.RandomCheckpoint;
import dev.moescope.bridge.random.RandomModelSpec;
import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Random test checkpoints (tiny presets of every architecture) written into a temp directory. */
final class TestCheckpoints {

    private TestCheckpoints() {
    }

    static Path random(Path root, String arch, SafetensorsDType dtype, int shards, long seed) {
        Path dir = root.resolve(arch + "-" + dtype + "-" + shards + "-" + seed);
        if (!Files.isDirectory(dir)) {
            RandomCheckpoint.write(dir, RandomModelSpec.preset(arch, "tiny"), dtype, shards, seed);
        }
        return dir;
    }

    /** A copy of {@code src} whose weights are the same values widened to F32 (config and tokenizer copied). */
    static Path widenedToF32(Path src, Path dst) {
        try {
            copyNonWeights(src, dst);
            List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
            try (SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(src)) {
                for (String name : ckpt.names()) {
                    tensors.add(SafetensorsWriter.Tensor.of(name, SafetensorsDType.F32, ckpt.entry(name).shape(),
                            ckpt.readF32(name)));
                }
            }
            SafetensorsWriter.write(dst.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
            return dst;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies config, tokenizer and generation files (not weights). */
    static void copyNonWeights(Path src, Path dst) throws IOException {
        Files.createDirectories(dst);
        try (Stream<Path> files = Files.list(src)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.endsWith(".json") && !n.equals("model.safetensors.index.json")) {
                    Files.copy(f, dst.resolve(n));
                }
            }
        }
    }

    static float maxAbsDiff(float[][] a, float[][] b) {
        float m = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                m = Math.max(m, Math.abs(a[i][j] - b[i][j]));
            }
        }
        return m;
    }

    static float maxAbs(float[][] a) {
        float m = 0;
        for (float[] r : a) {
            for (float v : r) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }
}
