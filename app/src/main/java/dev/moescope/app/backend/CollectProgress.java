package dev.moescope.app.backend;

/** Progress of a routing collection: samples done of total, prompt tokens per second, seconds left. */
public record CollectProgress(int done, int total, double tokensPerSecond, double etaSeconds) {
    public double fraction() {
        return total == 0 ? 0 : (double) done / total;
    }
}
