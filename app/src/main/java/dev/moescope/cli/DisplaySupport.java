package dev.moescope.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Commands that open the real window need a display. Without DISPLAY (or WAYLAND_DISPLAY) they run
 * themselves again under {@code xvfb-run}, when it is installed.
 */
final class DisplaySupport {
    private DisplaySupport() {}

    static boolean hasDisplay() {
        String d = System.getenv("DISPLAY");
        String w = System.getenv("WAYLAND_DISPLAY");
        return (d != null && !d.isBlank()) || (w != null && !w.isBlank());
    }

    /** Empty when a display is there; otherwise the exit code of the same command run under xvfb-run. */
    static OptionalInt rerunUnderXvfb(String... commandArgs) throws Exception {
        if (hasDisplay() || "1".equals(System.getenv("MOESCOPE_XVFB_CHILD"))) {
            return OptionalInt.empty();
        }
        Path xvfb = findOnPath("xvfb-run");
        if (xvfb == null) {
            throw new IllegalStateException("no display (DISPLAY is not set) and xvfb-run is not installed; run under a "
                    + "desktop session or install it: apt-get install -y xvfb libgtk-3-0");
        }
        List<String> cmd = new ArrayList<>(List.of(xvfb.toString(), "-a", "-s", "-screen 0 1920x1200x24",
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.moescope.app.Main"));
        cmd.addAll(List.of(commandArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
        pb.environment().put("MOESCOPE_XVFB_CHILD", "1");
        return OptionalInt.of(pb.start().waitFor());
    }

    private static Path findOnPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, exe);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
