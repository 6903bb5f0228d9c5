package dev.moescope.bridge.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.random.HfConfigFiles;
import dev.moescope.bridge.random.RandomModelSpec;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BenchmarkTest {

    @Test
    void prefillFlopsOfTheBenchPreset() throws Exception {
        ModelConfig c = ModelConfig.parse(new ObjectMapper().writeValueAsString(
                HfConfigFiles.config(RandomModelSpec.preset("qwen3_moe", "bench"), SafetensorsDType.F32)), "bench");
        // 8 layers, hidden 512, 8 heads x 64, 4 kv heads, 64 experts top-8 of width 256, vocab 4096
        long attention = 8L * (512 * 512 + 2 * 512 * 256 + 512 * 512 + 2 * 64);  // q, k, v, o, q/k norms
        long routers = 8L * 512 * 64;
        long topk = 8L * 8 * 3 * 512 * 256;
        long lmHead = 4096L * 512;
        double want = 2.0 * 512 * (attention + routers + topk) + 2.0 * lmHead + 4.0 * 8 * 8 * 64 * 512 * 512;
        assertEquals(want, Benchmark.prefillFlops(c, 512), want * 1e-12);
    }
}
