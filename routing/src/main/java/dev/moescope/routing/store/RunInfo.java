package dev.moescope.routing.store;

/** A collection run: a model over a sample selection with an intervention ({} for none). */
public record RunInfo(long id, String runKey, long modelId, long corpusId, String corpusName, String selection,
                      String interventionJson, String interventionSha256, boolean addBos, String status,
                      String createdAt, int numSamples, int doneSamples) {
    public boolean complete() {
        return "complete".equals(status);
    }
}
