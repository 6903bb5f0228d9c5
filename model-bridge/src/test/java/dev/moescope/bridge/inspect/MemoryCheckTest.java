package dev.moescope.bridge.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.ComputeType;
import dev.moescope.bridge.Device;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.random.HfConfigFiles;
import dev.moescope.bridge.random.RandomModelSpec;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryCheckTest {

    private static final long GIB = 1L << 30;

    private static ModelConfig benchConfig() throws Exception {
        String json = new ObjectMapper().writeValueAsString(
                HfConfigFiles.config(RandomModelSpec.preset("qwen3_moe", "bench"), SafetensorsDType.F32));
        return ModelConfig.parse(json, "bench config.json");
    }

    @Test
    void benchPresetFitsACommonLaptopButNotOneGigabyte() throws Exception {
        ModelConfig c = benchConfig();
        MemoryCheck ok = MemoryCheck.of(c, Device.CPU, ComputeType.F32, 4096, 8 * GIB);
        assertEquals(ParameterCount.of(c).total() * 4, ok.weightBytes());
        assertEquals(2L * 8 * 4 * 64 * 4096 * 4, ok.kvCacheBytes());
        assertTrue(ok.fits(), ok.describe());
        ok.requireFits();
        MemoryCheck tight = MemoryCheck.of(c, Device.CPU, ComputeType.F32, 4096, GIB);
        assertFalse(tight.fits());
        String msg = assertThrows(IllegalStateException.class, tight::requireFits).getMessage();
        assertTrue(msg.contains("does not fit") && msg.contains("1.00 GiB free") && msg.contains("weights 0.79 GiB"), msg);
    }

    @Test
    void cpuWeightsMustFitTheJvmDirectMemoryLimit() throws Exception {
        ModelConfig c = benchConfig();
        MemoryCheck small = MemoryCheck.of(c, Device.CPU, ComputeType.F32, 512, 64 * GIB, 512L << 20);
        assertFalse(small.fitsDirectMemory());
        assertFalse(small.fits());
        String msg = assertThrows(IllegalStateException.class, small::requireFits).getMessage();
        assertTrue(msg.contains("MaxDirectMemorySize") && msg.contains("0.50 GiB"), msg);
        assertTrue(MemoryCheck.of(c, Device.CPU, ComputeType.F32, 512, 64 * GIB, 4 * GIB).fits());
        // on the GPU the weights live in device memory: no JVM limit applies
        assertTrue(MemoryCheck.of(c, Device.GPU, ComputeType.F16, 512, 8 * GIB, 1).fits());
    }

    @Test
    void cpuAlwaysComputesInFloat32() throws Exception {
        MemoryCheck m = MemoryCheck.of(benchConfig(), Device.CPU, ComputeType.F16, 128, 8 * GIB);
        assertEquals(ComputeType.F32, m.dtype());
        assertEquals(ParameterCount.of(benchConfig()).total() * 4, m.weightBytes());
    }

    @Test
    void kvCacheFollowsTheFormula() throws Exception {
        ModelConfig q3 = ParameterCountTest.realConfig("qwen3-30b-a3b.json");
        // 2 * 48 layers * 4 kv heads * 128 head_dim * 32768 tokens * 2 bytes = 3 GiB
        assertEquals(3 * GIB, MemoryCheck.of(q3, Device.GPU, ComputeType.F16, 32768, 0).kvCacheBytes());
    }

    @Test
    void mixtralNeedsMoreThanAnH100InF16ButFitsAnH200() throws Exception {
        ModelConfig mixtral = ParameterCountTest.realConfig("mixtral-8x7b-v0.1.json");
        MemoryCheck h100 = MemoryCheck.of(mixtral, Device.GPU, ComputeType.F16, 4096, 79L * GIB);
        assertFalse(h100.fits(), h100.describe());
        assertTrue(h100.weightBytes() > 90e9 && h100.weightBytes() < 95e9);
        assertTrue(MemoryCheck.of(mixtral, Device.GPU, ComputeType.F16, 4096, 139L * GIB).fits());
        assertFalse(MemoryCheck.of(mixtral, Device.GPU, ComputeType.F32, 4096, 139L * GIB).fits());
    }

    @Test
    void qwen3And30BAndOlmoeOnCpu() throws Exception {
        ModelConfig q3 = ParameterCountTest.realConfig("qwen3-30b-a3b.json");
        assertFalse(MemoryCheck.of(q3, Device.CPU, ComputeType.F32, 2048, 64 * GIB).fits());
        assertTrue(MemoryCheck.of(q3, Device.CPU, ComputeType.F32, 2048, 160 * GIB).fits());
        ModelConfig olmoe = ParameterCountTest.realConfig("olmoe-1b-7b-0924.json");
        assertFalse(MemoryCheck.of(olmoe, Device.CPU, ComputeType.F32, 4096, 24 * GIB).fits());
        assertTrue(MemoryCheck.of(olmoe, Device.CPU, ComputeType.F32, 4096, 48 * GIB).fits());
        ModelConfig qwen15 = ParameterCountTest.realConfig("qwen1.5-moe-a2.7b.json");
        assertTrue(MemoryCheck.of(qwen15, Device.GPU, ComputeType.F16, 8192, 40 * GIB).fits());
        assertFalse(MemoryCheck.of(qwen15, Device.GPU, ComputeType.F16, 8192, 24 * GIB).fits());
    }

    @Test
    void longerContextNeedsMoreMemory() throws Exception {
        ModelConfig c = benchConfig();
        assertTrue(MemoryCheck.of(c, Device.CPU, ComputeType.F32, 32768, 0).requiredBytes()
                > MemoryCheck.of(c, Device.CPU, ComputeType.F32, 1024, 0).requiredBytes());
        assertThrows(IllegalArgumentException.class, () -> MemoryCheck.of(c, Device.CPU, ComputeType.F32, 0, GIB));
    }
}
