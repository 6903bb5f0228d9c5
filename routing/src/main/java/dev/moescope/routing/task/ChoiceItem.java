package dev.moescope.routing.task;

import java.util.List;

/**
 * One multiple-choice record: the prompt, the option continuations (each scored after the prompt) and the index of
 * the right one (0-based).
 *
 * @param id        the record's id (its id field, else "line N" of the file)
 * @param lang      the language label as given
 * @param prompt    the text the options follow
 * @param options   the continuations as scored, i.e. with their leading separator (e.g. " Paris")
 * @param answer    0-based index into {@code options}
 */
public record ChoiceItem(String id, String lang, String prompt, List<String> options, int answer) {
    public ChoiceItem {
        options = List.copyOf(options);
        if (options.size() < 2) {
            throw new IllegalArgumentException(id + ": a multiple-choice record needs at least 2 options, got " + options.size());
        }
        if (answer < 0 || answer >= options.size()) {
            throw new IllegalArgumentException(id + ": answer index " + answer + " is outside the " + options.size() + " options");
        }
    }
}
