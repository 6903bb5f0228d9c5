package dev.moescope.routing.store;

/**
 * A collection run: a model over a sample selection with an intervention ({} for none).
 *
 * @param content      what the run holds
 * @param source       where it came from (server URL, imported folder), or null for the local bridge
 * @param promptFormat canonical JSON of the prompt rendering, or null for raw text
 */
public record RunInfo(long id, String runKey, long modelId, long corpusId, String corpusName, String selection,
                      String interventionJson, String interventionSha256, boolean addBos, String status,
                      String createdAt, int numSamples, int doneSamples, RunContent content, String source,
                      String promptFormat) {
    public boolean complete() {
        return "complete".equals(status);
    }
}
