package dev.moescope.bridge.inspect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeviceProbeTest {

    @TempDir
    Path dir;

    @Test
    void findsTheBundledCpuNativesAndTheCacheWithoutStartingTheEngine() throws Exception {
        Files.createDirectories(dir.resolve("pytorch/2.7.1-20250812-cpu-linux-x86_64"));
        DeviceProbe p = DeviceProbe.probe(Map.of("DJL_CACHE_DIR", dir.toString()));
        assertNotNull(p.bundled(), "pytorch-native-cpu is a runtime dependency of model-bridge");
        assertEquals("cpu", p.bundled().get("flavor"));
        assertEquals("cpu", p.flavor());
        assertEquals(List.of("2.7.1-20250812-cpu-linux-x86_64"), p.cachedBuilds());
        assertFalse(p.cudaLibtorchAvailable());
        assertFalse(p.gpuUsable());
        assertTrue(p.describe().get(0).contains("cpu"));
    }

    @Test
    void cudaFlavorNeedsACachedBuildOrALibraryPath() {
        DeviceProbe cu = new DeviceProbe(Map.of("flavor", "cpu"), Map.of("PYTORCH_FLAVOR", "cu128"), dir,
                List.of("2.7.1-20250812-cu128-linux-x86_64"), "12.8", List.of(new DeviceProbe.Gpu(0, "90", 80L << 30, 79L << 30)));
        assertTrue(cu.cudaLibtorchAvailable());
        assertTrue(cu.gpuUsable());
        assertEquals(79L << 30, cu.gpuFreeBytes());
        DeviceProbe none = new DeviceProbe(Map.of("flavor", "cpu"), Map.of("PYTORCH_FLAVOR", "cu128"), dir,
                List.of("2.7.1-20250812-cpu-linux-x86_64"), "12.8", List.of(new DeviceProbe.Gpu(0, "90", 80L << 30, 79L << 30)));
        assertFalse(none.gpuUsable());
        assertTrue(String.join("\n", none.describe()).contains("no CUDA libtorch"));
    }

    @Test
    void hostMemoryParsesMeminfo() throws Exception {
        Path meminfo = dir.resolve("meminfo");
        Files.writeString(meminfo, "MemTotal:       16000000 kB\nMemFree:  100 kB\nMemAvailable:   12000000 kB\n");
        assertEquals(12000000L * 1024, HostMemory.memAvailable(meminfo));
        assertEquals(-1, HostMemory.memAvailable(dir.resolve("absent")));
        assertEquals(100, new HostMemory(200, 100, 1, 1).availableBytes());
        assertEquals(200, new HostMemory(200, -1, 1, 1).availableBytes());
        HostMemory host = HostMemory.probe();
        assertTrue(host.availableBytes() > 0, "this Linux machine reports MemAvailable");
        // surefire runs without -XX:MaxDirectMemorySize, so the limit is the max heap
        assertEquals(Runtime.getRuntime().maxMemory(), host.jvmDirectMemoryBytes());
        assertEquals(5L << 30, HostMemory.directMemoryLimit(5L << 30));
    }
}
