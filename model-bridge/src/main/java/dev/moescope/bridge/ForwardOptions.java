package dev.moescope.bridge;

import java.util.Objects;

/** Options of one forward pass: whether to capture routing, and which logits to return. */
public record ForwardOptions(boolean captureRouting, LogitsMode logits) {

    public ForwardOptions {
        Objects.requireNonNull(logits, "logits");
    }

    /** Routing and all logits: what a trace needs. */
    public static ForwardOptions trace() {
        return new ForwardOptions(true, LogitsMode.ALL);
    }
}
