package dev.moescope.bridge;

/**
 * The outcome of {@link MoeModel#generate}.
 *
 * @param tokens     the generated token ids (without the prompt; includes the eos token when it stopped on one)
 * @param text       the decoded generated text
 * @param trace      routing of prompt + generated tokens, or null when not captured
 * @param stopReason "eos", "max_new_tokens" or "cancelled"
 */
public record GenerationResult(int[] tokens, String text, RoutingTrace trace, boolean cancelled, String stopReason) {
}
