package dev.moescope.routing.task;

import java.util.List;

/**
 * One generation record: a prompt, the expected language of the answer and the reference answers (may be empty:
 * then only language consistency applies).
 */
public record GenerationItem(String id, String lang, String prompt, List<String> references) {
    public GenerationItem {
        references = List.copyOf(references);
    }
}
