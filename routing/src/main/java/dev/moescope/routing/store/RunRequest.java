package dev.moescope.routing.store;

import java.util.List;

/**
 * What identifies a run: the model, the ordered sample ids, the intervention (canonical JSON, "{}" for none)
 * and the options. The same request always maps to the same run, so nothing is computed twice.
 */
public record RunRequest(long modelId, long corpusId, List<Long> sampleIds, String selectionJson,
                         String interventionJson, boolean addBos) {
    public RunRequest {
        sampleIds = List.copyOf(sampleIds);
    }
}
