package dev.moescope.routing.store;

/** A sample of a run that has not been committed yet. */
public record PendingSample(long sampleId, String lang, String segmentId, String text) {
}
