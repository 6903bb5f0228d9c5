package dev.moescope.routing.task;

import dev.moescope.routing.store.ModelFingerprint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Cache keys of task records: per language, the sha256 of what is evaluated (records, field names, BOS). */
final class TaskKeys {
    private TaskKeys() {
    }

    static <T> Map<String, List<T>> byLanguage(List<T> items, Function<T, String> lang) {
        Map<String, List<T>> out = new LinkedHashMap<>();
        for (T item : items) {
            out.computeIfAbsent(lang.apply(item), l -> new java.util.ArrayList<>()).add(item);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no task records to evaluate");
        }
        return out;
    }

    static <T> Map<String, String> keys(Map<String, List<T>> byLanguage, String head, Function<T, String> describe) {
        Map<String, String> out = new LinkedHashMap<>();
        byLanguage.forEach((lang, items) -> {
            StringBuilder b = new StringBuilder(head).append("|lang=").append(lang);
            for (T item : items) {
                b.append('|').append(ModelFingerprint.sha256Hex(describe.apply(item)));
            }
            out.put(lang, ModelFingerprint.sha256Hex(b.toString()));
        });
        return out;
    }

    static Map<String, Integer> sizes(Map<String, ? extends List<?>> byLanguage) {
        Map<String, Integer> out = new LinkedHashMap<>();
        byLanguage.forEach((lang, items) -> out.put(lang, items.size()));
        return out;
    }
}
