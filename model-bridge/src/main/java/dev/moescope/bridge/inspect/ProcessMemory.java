package dev.moescope.bridge.inspect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory of this process from /proc/self/status (Linux): VmRSS now, VmHWM the peak. -1 elsewhere. */
public final class ProcessMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    public static long rssBytes() {
        return field("VmRSS:");
    }

    public static long peakRssBytes() {
        return field("VmHWM:");
    }

    private static long field(String name) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(name)) {
                    return HostMemory.parseKb(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    public static double mb(long bytes) {
        return bytes < 0 ? -1 : Math.round(bytes / (1024.0 * 1024.0) * 10) / 10.0;
    }
}
