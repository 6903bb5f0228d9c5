package dev.moescope.routing.analysis;

/**
 * Counts how often experts are selected together in one layer's top-k, token by token, and gives
 * the conditional co-activation P(b | a) = count(a and b both in top-k) / count(a in top-k).
 *
 * <p>Feed it one token at a time ({@link #add}); it is not thread-safe.
 */
public final class CoActivationCounter {

    private final int numExperts;
    private final long[] selected;   // [expert] tokens whose top-k contained it
    private final long[][] together; // [a][b] tokens whose top-k contained both (diagonal = selected)
    private long tokens;

    public CoActivationCounter(int numExperts) {
        if (numExperts < 1) {
            throw new IllegalArgumentException("numExperts must be >= 1, got " + numExperts);
        }
        this.numExperts = numExperts;
        this.selected = new long[numExperts];
        this.together = new long[numExperts][numExperts];
    }

    /** Counts one token's top-k expert ids (distinct, in [0, E)). */
    public void add(int... topK) {
        for (int i = 0; i < topK.length; i++) {
            if (topK[i] < 0 || topK[i] >= numExperts) {
                throw new IllegalArgumentException("expert id " + topK[i] + " outside [0, " + numExperts + ") in top-k " + java.util.Arrays.toString(topK));
            }
            for (int j = 0; j < i; j++) {
                if (topK[i] == topK[j]) {
                    throw new IllegalArgumentException("expert " + topK[i] + " appears twice in top-k " + java.util.Arrays.toString(topK));
                }
            }
        }
        for (int a : topK) {
            selected[a]++;
            for (int b : topK) {
                together[a][b]++;
            }
        }
        tokens++;
    }

    /** Counts every row of a [token][k] array of top-k ids. */
    public void addAll(int[][] topKPerToken) {
        for (int[] row : topKPerToken) {
            add(row);
        }
    }

    public long tokens() {
        return tokens;
    }

    /** [expert] selection counts (a copy). */
    public long[] selectionCounts() {
        return selected.clone();
    }

    /** [a][b] joint selection counts (a copy). */
    public long[][] jointCounts() {
        long[][] copy = new long[numExperts][];
        for (int a = 0; a < numExperts; a++) {
            copy[a] = together[a].clone();
        }
        return copy;
    }

    /**
     * [a][b] = P(b in top-k | a in top-k). The diagonal is 1 for experts that were selected; a row
     * of an expert never selected is all 0 (no data), not NaN.
     */
    public double[][] conditional() {
        double[][] p = new double[numExperts][];
        for (int a = 0; a < numExperts; a++) {
            p[a] = ActivationFrequency.divide(together[a], selected[a]);
        }
        return p;
    }

    /** {@link #conditional()} labelled with expert ids: row = a (given), column = b. */
    public LabeledMatrix conditionalMatrix() {
        java.util.List<String> ids = java.util.stream.IntStream.range(0, numExperts).mapToObj(Integer::toString).toList();
        return new LabeledMatrix(ids, ids, conditional());
    }
}
