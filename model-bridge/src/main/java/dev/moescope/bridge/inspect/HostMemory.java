package dev.moescope.bridge.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Free memory of this machine for CPU inference: MemAvailable from /proc/meminfo, capped by a cgroup v2/v1
 * memory limit when a container sets one. The weights live in native memory (libtorch), not on the JVM heap,
 * so the JVM's own limit is reported alongside but not subtracted.
 *
 * @param memAvailableBytes  /proc/meminfo MemAvailable, or -1 when unreadable
 * @param cgroupFreeBytes    cgroup limit minus current usage, or -1 when there is no limit
 * @param jvmMaxHeapBytes    Runtime.maxMemory()
 * @param jvmDirectMemoryBytes the JVM's direct-memory limit: -XX:MaxDirectMemorySize, by default the max heap.
 *                           DJL keeps CPU tensors created from direct buffers in that memory, so CPU weights must fit it.
 */
public record HostMemory(long memAvailableBytes, long cgroupFreeBytes, long jvmMaxHeapBytes, long jvmDirectMemoryBytes) {

    public static HostMemory probe() {
        long heap = Runtime.getRuntime().maxMemory();
        return new HostMemory(memAvailable(Path.of("/proc/meminfo")), cgroupFree(), heap, directMemoryLimit(heap));
    }

    /** -XX:MaxDirectMemorySize from the HotSpot diagnostic bean; 0 (unset) means the max heap size. */
    static long directMemoryLimit(long maxHeap) {
        try {
            com.sun.management.HotSpotDiagnosticMXBean bean = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long v = Long.parseLong(bean.getVMOption("MaxDirectMemorySize").getValue());
            return v > 0 ? v : maxHeap;
        } catch (RuntimeException | LinkageError e) {
            return maxHeap;
        }
    }

    /** What a model may use: the smaller of MemAvailable and the cgroup headroom (when known). */
    public long availableBytes() {
        long a = memAvailableBytes;
        if (cgroupFreeBytes >= 0) {
            a = a < 0 ? cgroupFreeBytes : Math.min(a, cgroupFreeBytes);
        }
        return Math.max(a, 0);
    }

    static long memAvailable(Path meminfo) {
        try {
            for (String line : Files.readAllLines(meminfo)) {
                if (line.startsWith("MemAvailable:")) {
                    return parseKb(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** "MemAvailable:   12345 kB" -> bytes. */
    static long parseKb(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }

    private static long cgroupFree() {
        List<Path[]> candidates = List.of(
                new Path[] {Path.of("/sys/fs/cgroup/memory.max"), Path.of("/sys/fs/cgroup/memory.current")},
                new Path[] {Path.of("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
                        Path.of("/sys/fs/cgroup/memory/memory.usage_in_bytes")});
        for (Path[] c : candidates) {
            try {
                String limit = Files.readString(c[0]).trim();
                if (limit.equals("max")) {
                    return -1;
                }
                long l = Long.parseLong(limit);
                if (l >= (1L << 60)) {                 // cgroup v1 "unlimited" is a huge number
                    return -1;
                }
                long used = Long.parseLong(Files.readString(c[1]).trim());
                return Math.max(0, l - used);
            } catch (IOException | RuntimeException e) {
                // not this cgroup layout: try the next
            }
        }
        return -1;
    }
}
