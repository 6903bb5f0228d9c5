package dev.moescope.routing.task;

import java.util.List;

/**
 * Reference metrics of a generated text: exact match (the generation, stripped of leading and trailing white
 * space, equals a stripped reference; case-sensitive) and substring match (a non-blank stripped reference occurs
 * in the generation).
 */
public final class GenerationScores {
    private GenerationScores() {
    }

    public static boolean exactMatch(String generated, List<String> references) {
        String g = generated.strip();
        return references.stream().anyMatch(r -> r.strip().equals(g));
    }

    public static boolean substringMatch(String generated, List<String> references) {
        return references.stream().map(String::strip).anyMatch(r -> !r.isEmpty() && generated.contains(r));
    }
}
