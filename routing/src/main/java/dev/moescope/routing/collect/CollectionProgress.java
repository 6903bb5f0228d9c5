package dev.moescope.routing.collect;

/**
 * Progress of a collection job after a committed batch.
 *
 * @param doneSamples     committed samples of the run, including ones from earlier sessions
 * @param tokensPerSecond prompt tokens per second in this session
 * @param etaSeconds      estimated seconds left, NaN before the first batch
 */
public record CollectionProgress(long runId, int doneSamples, int totalSamples, long sessionTokens,
                                 double tokensPerSecond, double etaSeconds) {
    public interface Listener {
        void onProgress(CollectionProgress progress);
    }
}
