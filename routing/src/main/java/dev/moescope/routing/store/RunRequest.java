package dev.moescope.routing.store;

import java.util.List;
import java.util.Objects;

/**
 * What identifies a run: the model, the ordered sample ids, the intervention (canonical JSON, "{}" for none),
 * the options, what the run holds and the prompt format. The same request always maps to the same run, so
 * nothing is computed twice.
 *
 * @param content      what the run will hold (local traces, imported aggregates, remote ids-only routing)
 * @param source       where it comes from (a server URL, an imported folder), or null for the local bridge
 * @param promptFormat canonical JSON of the prompt rendering (template, chat template hash, variables), or
 *                     null for raw sample text
 */
public record RunRequest(long modelId, long corpusId, List<Long> sampleIds, String selectionJson,
                         String interventionJson, boolean addBos, RunContent content, String source,
                         String promptFormat) {
    public RunRequest {
        sampleIds = List.copyOf(sampleIds);
        Objects.requireNonNull(content, "content");
    }

    /** A local run of raw text with full traces. */
    public RunRequest(long modelId, long corpusId, List<Long> sampleIds, String selectionJson,
                      String interventionJson, boolean addBos) {
        this(modelId, corpusId, sampleIds, selectionJson, interventionJson, addBos, RunContent.TRACES, null, null);
    }
}
