package dev.moescope.bridge.inspect;

import ai.djl.util.cuda.CudaUtils;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What libtorch and which GPUs DJL's PyTorch engine could use, found WITHOUT starting the engine (which may
 * try to download natives): the bundled native jar's properties on the classpath, the PYTORCH_* environment,
 * the libtorch builds already unpacked in DJL's cache, and CUDA through DJL's CudaUtils (cudart via JNA).
 *
 * @param bundled       {@code version/flavor/classifier} of the pytorch-native jar on the classpath, or null
 * @param environment   PYTORCH_LIBRARY_PATH, PYTORCH_VERSION, PYTORCH_FLAVOR, DJL_OFFLINE, DJL_CACHE_DIR, ENGINE_CACHE_DIR (set ones)
 * @param cachedBuilds  directory names under the DJL cache's pytorch/ folder, e.g. {@code 2.7.1-20250812-cpu-linux-x86_64}
 * @param cudaVersion   e.g. "12.8", or null without CUDA
 * @param gpus          one entry per visible GPU
 */
public record DeviceProbe(Map<String, String> bundled, Map<String, String> environment, Path cacheDir,
                          List<String> cachedBuilds, String cudaVersion, List<Gpu> gpus) {

    static final List<String> ENV_VARS = List.of("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR",
            "DJL_OFFLINE", "DJL_CACHE_DIR", "ENGINE_CACHE_DIR");

    /** One GPU: index, compute capability, total and free memory in bytes (-1 when unknown). */
    public record Gpu(int index, String computeCapability, long totalBytes, long freeBytes) {
    }

    public static DeviceProbe probe() {
        return probe(System.getenv());
    }

    static DeviceProbe probe(Map<String, String> env) {
        Map<String, String> setVars = new java.util.LinkedHashMap<>();
        for (String v : ENV_VARS) {
            if (env.get(v) != null) {
                setVars.put(v, env.get(v));
            }
        }
        Path cache = cacheDir(env);
        return new DeviceProbe(bundledNatives(), Map.copyOf(setVars), cache, cachedBuilds(cache.resolve("pytorch")),
                probeCudaVersion(), probeGpus());
    }

    /** DJL's cache: ENGINE_CACHE_DIR, else DJL_CACHE_DIR, else ~/.djl.ai. */
    static Path cacheDir(Map<String, String> env) {
        String dir = env.get("ENGINE_CACHE_DIR") != null ? env.get("ENGINE_CACHE_DIR") : env.get("DJL_CACHE_DIR");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".djl.ai");
    }

    private static Map<String, String> bundledNatives() {
        try (InputStream in = DeviceProbe.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            Map<String, String> out = new java.util.LinkedHashMap<>();
            for (String k : List.of("version", "flavor", "classifier")) {
                if (p.getProperty(k) != null) {
                    out.put(k, p.getProperty(k));
                }
            }
            return Map.copyOf(out);
        } catch (IOException e) {
            return null;
        }
    }

    static List<String> cachedBuilds(Path pytorchCache) {
        if (!Files.isDirectory(pytorchCache)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(pytorchCache)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String probeCudaVersion() {
        try {
            return CudaUtils.hasCuda() ? CudaUtils.getCudaVersionString() : null;
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    private static List<Gpu> probeGpus() {
        List<Gpu> out = new ArrayList<>();
        try {
            if (!CudaUtils.hasCuda()) {
                return out;
            }
            int count = CudaUtils.getGpuCount();
            for (int i = 0; i < count; i++) {
                long total = -1;
                long free = -1;
                try {
                    MemoryUsage m = CudaUtils.getGpuMemory(ai.djl.Device.gpu(i));
                    total = m.getMax();
                    free = m.getMax() - m.getUsed();
                } catch (RuntimeException e) {
                    // memory unknown: keep -1
                }
                out.add(new Gpu(i, CudaUtils.getComputeCapability(i), total, free));
            }
        } catch (RuntimeException | LinkageError e) {
            return List.of();
        }
        return List.copyOf(out);
    }

    /** The flavor the engine would use: PYTORCH_FLAVOR if set, else the bundled jar's, else null. */
    public String flavor() {
        if (environment.containsKey("PYTORCH_FLAVOR")) {
            return environment.get("PYTORCH_FLAVOR");
        }
        return bundled == null ? null : bundled.get("flavor");
    }

    /** Whether a CUDA build of libtorch is reachable without a download (env path, cu flavor, or cached cu build). */
    public boolean cudaLibtorchAvailable() {
        String f = flavor();
        if (f == null || !f.startsWith("cu")) {
            return false;
        }
        if (bundled != null && f.equals(bundled.get("flavor"))) {
            return true;
        }
        if (environment.containsKey("PYTORCH_LIBRARY_PATH")) {
            return true;
        }
        return cachedBuilds.stream().anyMatch(b -> b.contains("-" + f + "-"));
    }

    /** GPU inference possible: a GPU is visible and a CUDA libtorch is reachable offline. */
    public boolean gpuUsable() {
        return !gpus.isEmpty() && cudaLibtorchAvailable();
    }

    /** Free memory of the first GPU, or -1. */
    public long gpuFreeBytes() {
        return gpus.isEmpty() ? -1 : gpus.get(0).freeBytes();
    }

    /** Human-readable lines for {@code inspect}. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("libtorch bundled: " + (bundled == null ? "none on the classpath" : bundled.get("version") + " "
                + bundled.get("flavor") + " " + bundled.getOrDefault("classifier", "")));
        lines.add("libtorch environment: " + (environment.isEmpty() ? "none of " + String.join(", ", ENV_VARS) + " set"
                : environment));
        lines.add("libtorch cached in " + cacheDir.resolve("pytorch") + ": "
                + (cachedBuilds.isEmpty() ? "none" : String.join(", ", cachedBuilds)));
        lines.add("CUDA: " + (cudaVersion == null ? "not found" : cudaVersion) + ", GPUs: " + gpus.size());
        for (Gpu g : gpus) {
            lines.add(String.format(java.util.Locale.ROOT, "  gpu %d: compute capability %s, %s total, %s free",
                    g.index(), g.computeCapability(), MemoryCheck.gib(g.totalBytes()), MemoryCheck.gib(g.freeBytes())));
        }
        lines.add("GPU inference: " + (gpuUsable() ? "available" : !gpus.isEmpty()
                ? "GPU visible but no CUDA libtorch available offline (set PYTORCH_FLAVOR=cu128 with a cached build or PYTORCH_LIBRARY_PATH)"
                : "no GPU visible"));
        return lines;
    }
}
