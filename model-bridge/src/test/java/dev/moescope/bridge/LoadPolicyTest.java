package dev.moescope.bridge;

import dev.moescope.bridge.inspect.MemoryCheck;
import dev.moescope.bridge.inspect.ParameterCount;
import ai.djl.ndarray.NDArray;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One policy: the memory check counts what the load holds, for every device and dtype. */
class LoadPolicyTest {

    private static final Path MODEL = FixtureCases.root().resolve("qwen3_moe/model");

    @Test
    void defaultsAndParsing() {
        assertEquals(ComputeType.F32, LoadPolicy.parse("cpu", null).dtype());
        assertEquals(ComputeType.F16, LoadPolicy.parse("gpu", "").dtype());
        assertEquals(ComputeType.F32, LoadPolicy.parse("cuda", "float32").dtype());
        assertEquals(LoadPolicy.WeightStorage.CPU_DIRECT_MEMORY, LoadPolicy.cpu().weightStorage());
        assertEquals(LoadPolicy.WeightStorage.GPU_MEMORY, LoadPolicy.of(Device.GPU, null).weightStorage());
        String f16 = assertThrows(IllegalArgumentException.class, () -> LoadPolicy.parse("cpu", "f16")).getMessage();
        assertTrue(f16.contains("f16 is only supported on the GPU"), f16);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoadPolicy.parse("tpu", null)).getMessage()
                .contains("cpu or gpu"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LoadPolicy.parse("gpu", "bf16")).getMessage()
                .contains("f32 or f16"));
    }

    @Test
    void checkCountsTheDtypeTheLoadUsesOnEveryDeviceAndDtype() {
        ModelConfig c = ModelConfig.read(MODEL);
        long params = ParameterCount.of(c).total();
        for (Device d : Device.values()) {
            for (ComputeType t : new ComputeType[] {null, ComputeType.F32, ComputeType.F16}) {
                if (d == Device.CPU && t == ComputeType.F16) {
                    LoadOptions refused = new LoadOptions(d, t, ExpertDispatch.GROUPED);
                    String load = assertThrows(IllegalArgumentException.class, () -> MoeModel.load(MODEL, refused))
                            .getMessage();
                    String check = assertThrows(IllegalArgumentException.class, () -> LoadPolicy.of(d, t)).getMessage();
                    assertEquals(check, load, "the load refuses f16 on the CPU as the policy does");
                    continue;
                }
                LoadPolicy p = LoadPolicy.of(d, t);
                MemoryCheck check = p.check(c, 64, 1L << 40, 1L << 40);
                assertEquals(p.dtype(), check.dtype(), p.describe());
                assertEquals(p.dtype(), p.loadOptions().dtype(), p.describe());
                assertEquals(params * p.weightDataType().getNumOfBytes(), check.weightBytes(), p.describe());
                assertEquals(d == Device.CPU ? 1L << 40 : -1, check.directMemoryLimitBytes(), p.describe());
            }
        }
    }

    @Test
    void cpuLoadHoldsWhatTheCheckCounts() {
        assertLoadAgrees(LoadPolicy.cpu());
    }

    @Test
    void gpuLoadHoldsWhatTheCheckCounts() {
        Assumptions.assumeTrue(ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() > 0, "no CUDA GPU: not run");
        assertLoadAgrees(LoadPolicy.of(Device.GPU, null));
        assertLoadAgrees(LoadPolicy.of(Device.GPU, ComputeType.F32));
    }

    /**
     * The check's weight bytes are (parameters from the config) x (bytes of the policy's dtype): the load reads every
     * tensor of the checkpoint once, the checkpoint holds exactly those parameters, and every tensor the loaded model
     * holds (weights, views of them, constants) is at the policy's dtype.
     */
    private static void assertLoadAgrees(LoadPolicy p) {
        ModelConfig c = ModelConfig.read(MODEL);
        MemoryCheck check = p.check(c, 64, 1L << 40, 1L << 40);
        var stored = dev.moescope.bridge.inspect.ModelInspection.of(MODEL);
        assertEquals(ParameterCount.of(c).total(), stored.storedParameters(), "the check counts what the load reads");
        assertEquals(stored.storedParameters() * p.weightDataType().getNumOfBytes(), check.weightBytes());
        try (MoeModel m = MoeModel.load(MODEL, p.loadOptions())) {
            assertEquals(p.loadOptions(), m.options());
            List<NDArray> held = m.residentArrays();
            assertTrue(held.size() > 10, "weights found: " + held.size());
            for (NDArray a : held) {
                if (a.getShape().dimension() == 0) {
                    continue; // float32 scalar constants (eps, exponents), not weights
                }
                assertEquals(p.weightDataType(), a.getDataType(), p.describe() + ": " + a.getShape());
                assertEquals(p.device() == Device.GPU ? "gpu" : "cpu", a.getDevice().getDeviceType());
            }
        }
    }
}
