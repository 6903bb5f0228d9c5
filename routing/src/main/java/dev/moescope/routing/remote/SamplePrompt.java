package dev.moescope.routing.remote;

/**
 * The text sent to the engine for a sample. Raw text by default (the paper's recorder); the paper workflow's
 * prompt and chat templates plug in here (e.g. {@code renderer::render}), so the server receives the rendered text
 * and the local tokenizer gives the ids of that same rendered text to align the rows with.
 */
@FunctionalInterface
public interface SamplePrompt {
    String render(String sampleText);

    static SamplePrompt raw() {
        return text -> text;
    }
}
