package dev.moescope.bridge.random;

import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.LayerRouting;
import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** make-random output loads through MoeModel for every architecture and dtype, and computes sensible outputs. */
class RandomCheckpointLoadTest {

    private static final int[] IDS = {72, 101, 108, 108, 111};

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"qwen3_moe", "olmoe", "mixtral", "qwen2_moe"})
    void everyDtypeLoadsAndAgreesWithF32(String arch) {
        RandomModelSpec spec = RandomModelSpec.preset(arch, "tiny");
        float[][] reference = null;
        for (SafetensorsDType dtype : List.of(SafetensorsDType.F32, SafetensorsDType.F16, SafetensorsDType.BF16)) {
            Path out = dir.resolve(arch + "-" + dtype);
            RandomCheckpoint.write(out, spec, dtype, dtype == SafetensorsDType.F16 ? 2 : 1, 21);
            try (MoeModel model = MoeModel.load(out, LoadOptions.cpu())) {
                assertEquals(arch, model.config().modelType());
                ForwardResult r = model.forward(IDS, ForwardOptions.trace());
                assertEquals(IDS.length, r.logits().length);
                assertEquals(spec.vocabSize(), r.logits()[0].length);
                List<Integer> moeLayers = r.trace().layers().stream().map(LayerRouting::layer).toList();
                assertEquals(model.config().moeLayers(), moeLayers, "trace lists exactly the MoE layers");
                for (LayerRouting layer : r.trace().layers()) {
                    for (int[] ids : layer.topkIds()) {
                        assertEquals(spec.topK(), ids.length);
                        for (int e : ids) {
                            assertTrue(e >= 0 && e < spec.numExperts());
                        }
                    }
                }
                float maxAbs = 0;
                for (float[] row : r.logits()) {
                    for (float v : row) {
                        assertTrue(Float.isFinite(v));
                        maxAbs = Math.max(maxAbs, Math.abs(v));
                    }
                }
                assertTrue(maxAbs > 0, "logits are not all zero");
                if (reference == null) {
                    reference = r.logits();
                } else {
                    // the same seeded normals rounded to 16 bits: logits stay close to the f32 checkpoint's
                    float maxDiff = 0;
                    for (int t = 0; t < reference.length; t++) {
                        for (int v = 0; v < reference[t].length; v++) {
                            maxDiff = Math.max(maxDiff, Math.abs(reference[t][v] - r.logits()[t][v]));
                        }
                    }
                    assertTrue(maxDiff > 0 && maxDiff < 0.05 * maxAbs, dtype + ": max diff " + maxDiff + " vs " + maxAbs);
                }
            }
        }
    }
}
