package dev.moescope.routing.task;

import java.util.List;

/**
 * Field names of a task JSONL file.
 *
 * <p>Multiple choice (defaults: Belebele's): the prompt is the {@code promptFields} joined by a newline, then
 * {@code "\nAnswer:"}; option i (1-based) is field {@code optionPrefix + i} for i = 1, 2, ... while present, or,
 * when {@code optionPrefix} names an array, its elements; each option is scored as the continuation {@code " " +
 * option}; the answer field holds the right option's number (1-based by default), as a number or a string.
 *
 * <p>Generation: {@code prompt} is the whole prompt; {@code references} a string or an array of strings (optional).
 *
 * <p>Both: the language is field {@code lang} (default "dialect" for multiple choice, as Belebele; "lang" is tried
 * when it is absent), the id field {@code id} ("line N" when absent).
 */
public record TaskFields(List<String> promptFields, String optionPrefix, String answer, int answerBase, String prompt,
                         String references, String lang, String id) {

    /** Text between the prompt and the options. */
    public static final String ANSWER_CUE = "\nAnswer:";

    /** What precedes each option's text in the scored continuation. */
    public static final String OPTION_SEPARATOR = " ";

    public TaskFields {
        promptFields = List.copyOf(promptFields);
        if (promptFields.isEmpty()) {
            throw new IllegalArgumentException("at least one prompt field is needed");
        }
        if (answerBase != 0 && answerBase != 1) {
            throw new IllegalArgumentException("the answer index base must be 0 or 1, got " + answerBase);
        }
    }

    /** Belebele's fields: flores_passage, question, mc_answer1..4, correct_answer_num (1-based), dialect. */
    public static TaskFields defaults() {
        return new TaskFields(List.of("flores_passage", "question"), "mc_answer", "correct_answer_num", 1,
                "prompt", "references", "dialect", "id");
    }

    /** Stable text of the field names, part of a cache key. */
    String key() {
        return String.join("+", promptFields) + "|" + optionPrefix + "|" + answer + "|" + answerBase + "|" + prompt
                + "|" + references + "|" + lang + "|" + id + "|" + ANSWER_CUE + "|" + OPTION_SEPARATOR;
    }
}
