package dev.moescope.app.backend;

import dev.moescope.bridge.ModelConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the sidebar shows before loading a checkpoint folder: the architecture from config.json, the
 * weight size on disk, and whether float32 weights fit in the memory this JVM may use.
 */
final class ModelInspection {
    private ModelInspection() {}

    static Backend.Inspection inspect(Path dir, String device) {
        ModelConfig c = ModelConfig.read(dir);
        long bytesOnDisk;
        try (Stream<Path> files = Files.list(dir)) {
            bytesOnDisk = files.filter(p -> p.getFileName().toString().endsWith(".safetensors")).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot list the folder", e);
        }
        if (bytesOnDisk == 0) {
            throw new IllegalArgumentException(dir + ": no .safetensors weight files in this folder");
        }
        // Weights are widened to float32 on CPU: bf16/f16 files take twice their size in memory.
        boolean halfOnDisk = c.torchDtype() != null && (c.torchDtype().contains("16"));
        long needed = halfOnDisk ? bytesOnDisk * 2 : bytesOnDisk;
        long maxHeap = Runtime.getRuntime().maxMemory();
        long physical = physicalMemory();
        boolean fits = needed < physical * 0.85;
        String summary = c.modelType() + " · " + c.numHiddenLayers() + " layers (" + c.moeLayers().size() + " MoE) · "
                + c.numExperts() + " experts, top-" + c.numExpertsPerTok() + " · hidden " + c.hiddenSize()
                + " · vocab " + c.vocabSize() + " · weights " + gib(bytesOnDisk) + " on disk (" + c.torchDtype() + ")";
        String note = "Needs about " + gib(needed) + " as float32 on " + device + "; this machine has "
                + (physical > 0 ? gib(physical) : "unknown") + " of memory (Java heap limit " + gib(maxHeap) + ", "
                + "tensors live outside the heap)." + (fits ? "" : " It will likely not fit.");
        return new Backend.Inspection(summary, fits, note);
    }

    private static long physicalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    static String gib(long bytes) {
        return bytes >= (1L << 30) ? String.format("%.1f GiB", bytes / (double) (1L << 30))
                : String.format("%.1f MiB", bytes / (double) (1L << 20));
    }
}
