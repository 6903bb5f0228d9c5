package dev.moescope.bridge.inspect;

import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.safetensors.TensorEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code inspect} reports about a model directory: its config, parameter counts from the config, and,
 * when weights are present, the counts and bytes actually stored (read from the safetensors headers only).
 *
 * @param storedParameters  parameters in the checkpoint's tensors, or -1 without weights
 * @param storedBytes       bytes of tensor data on disk, or -1 without weights
 * @param storedDtypes      parameter count per stored dtype (empty without weights)
 */
public record ModelInspection(Path dir, ModelConfig config, ParameterCount params, long storedParameters,
                              long storedBytes, Map<SafetensorsDType, Long> storedDtypes) {

    public static ModelInspection of(Path dir) {
        ModelConfig config = ModelConfig.read(dir);
        ParameterCount params = ParameterCount.of(config);
        boolean hasWeights = Files.isRegularFile(dir.resolve(SafetensorsCheckpoint.SINGLE_FILE))
                || Files.isRegularFile(dir.resolve(SafetensorsCheckpoint.INDEX_FILE));
        if (!hasWeights) {
            return new ModelInspection(dir, config, params, -1, -1, Map.of());
        }
        long count = 0;
        long bytes = 0;
        Map<SafetensorsDType, Long> byDtype = new EnumMap<>(SafetensorsDType.class);
        try (SafetensorsCheckpoint ck = SafetensorsCheckpoint.open(dir)) {
            for (String name : ck.names()) {
                TensorEntry e = ck.entry(name);
                count += parameters(e);
                bytes += e.byteLength();
                byDtype.merge(e.dtype(), parameters(e), Long::sum);
            }
        }
        return new ModelInspection(dir, config, params, count, bytes, Map.copyOf(byDtype));
    }

    /** Parameters a tensor holds: MXFP4 {@code *_blocks} (U8) two 4-bit values per byte, their scales none. */
    private static long parameters(TensorEntry e) {
        if (e.dtype() == SafetensorsDType.U8) {
            return e.name().endsWith("_blocks") ? 2 * e.numel() : 0;
        }
        return e.numel();
    }

    public boolean hasWeights() {
        return storedParameters >= 0;
    }

    /** MoE layer indices and dense layer indices, ascending. */
    public List<Integer> denseLayers() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            if (!config.isMoeLayer(i)) {
                out.add(i);
            }
        }
        return out;
    }
}
