package dev.moescope.bridge;

import dev.moescope.bridge.inspect.MemoryCheck;

import java.util.Locale;

/**
 * How a model runs, as {@link LoadPolicy#execution} chose it: every weight resident, or streamed (embedding, final
 * norm and lm_head resident, each decoder layer read from the checkpoint, used and freed in every forward pass;
 * prefill only, no generation).
 *
 * @param residentWeightBytes the weights at the compute dtype if all were resident
 * @param streamedPeakBytes   what streaming holds at once: the resident part plus the largest layer
 * @param budgetBytes         the resident-memory budget compared with
 */
public record Execution(Mode mode, long residentWeightBytes, long streamedPeakBytes, long budgetBytes) {

    public enum Mode { RESIDENT, STREAMED }

    public boolean streamed() {
        return mode == Mode.STREAMED;
    }

    /** e.g. {@code resident (weights 1.2 GiB, budget 8.0 GiB)} or {@code streamed (weights 30 GiB > budget 8 GiB; ...)}. */
    public String describe() {
        if (mode == Mode.RESIDENT) {
            return String.format(Locale.ROOT, "resident (weights %s within budget %s)",
                    MemoryCheck.gib(residentWeightBytes), MemoryCheck.gib(budgetBytes));
        }
        return String.format(Locale.ROOT, "streamed layer by layer (weights %s > budget %s; holds about %s of weights "
                        + "at once; prefill only)", MemoryCheck.gib(residentWeightBytes), MemoryCheck.gib(budgetBytes),
                MemoryCheck.gib(streamedPeakBytes));
    }
}
