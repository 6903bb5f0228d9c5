package dev.moescope.routing.task;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.store.ModelFingerprint;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.TaskResult;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;

/** Cache keys of task records: per language, the sha256 of what is evaluated (records, field names, BOS). */
final class TaskKeys {
    private TaskKeys() {
    }

    /** Computes one language's result from its records (reporting progress to {@code samplesDone}). */
    interface Compute<T> {
        TaskResult of(String lang, List<T> items);
    }

    /**
     * Per language: the cached result for (model, intervention, records key, metric), or a computed and stored one;
     * cached languages report their records as done at once.
     */
    static <T> Map<String, TaskResult> cached(RoutingStore store, long modelId, RouterIntervention intervention,
            String metric, Map<String, List<T>> byLanguage, Map<String, String> taskKeys, IntConsumer samplesDone,
            Compute<T> compute) {
        String sha = ModelFingerprint.sha256Hex(intervention.canonicalJson());
        Map<String, TaskResult> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<T>> e : byLanguage.entrySet()) {
            String key = taskKeys.get(e.getKey());
            TaskResult r = store.taskResult(modelId, sha, key, metric, e.getKey()).orElse(null);
            if (r == null) {
                r = compute.of(e.getKey(), e.getValue());
                store.putTaskResult(modelId, sha, key, metric, r);
            } else {
                samplesDone.accept(e.getValue().size());
            }
            out.put(e.getKey(), r);
        }
        return out;
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
