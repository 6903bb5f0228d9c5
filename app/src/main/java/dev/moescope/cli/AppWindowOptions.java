package dev.moescope.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that drive the real app window (screenshots, bench-ui). */
public final class AppWindowOptions {
    @Option(names = "--model", description = "Model folder instead of the bundled demo model.")
    Path model;

    @Option(names = "--corpus", description = "Corpus (JSONL file or folder) instead of the bundled UDHR corpus.")
    Path corpus;

    @Option(names = "--timeout", defaultValue = "900", description = "Seconds to wait for collection (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** The model as printed in results: its folder, or "demo". */
    String modelName() {
        return model == null ? "demo" : model.toString();
    }
}
