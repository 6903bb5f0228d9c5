package dev.moescope.cli;

import dev.moescope.bridge.LoadPolicy;
import picocli.CommandLine.Option;

/** {@code --max-resident-memory}: the budget the load policy compares the weights with (resident or streamed). */
final class ResidentMemoryOption {

    @Option(names = "--max-resident-memory", paramLabel = "SIZE",
            description = "resident-memory budget for the weights, e.g. 8g or 200m; a model whose weights exceed it "
                    + "runs streamed layer by layer (prefill only, no generation); default: the device's free memory")
    String maxResidentMemory;

    /** The budget in bytes, 0 for the device's free memory. */
    long bytes() {
        if (maxResidentMemory == null) {
            return 0;
        }
        try {
            return LoadPolicy.parseBytes(maxResidentMemory);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-resident-memory: " + e.getMessage(), e);
        }
    }
}
