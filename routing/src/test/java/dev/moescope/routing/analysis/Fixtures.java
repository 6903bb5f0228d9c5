package dev.moescope.routing.analysis;

import java.util.List;

/** Small hand-made routing statistics for the analysis tests. */
final class Fixtures {

    static final double EPS = 1e-10;

    private Fixtures() {
    }

    /** Statistics from counts only; gate sums and entropy sums are 0. */
    static RoutingStats counts(List<String> languages, int[] moeLayers, int numExperts, int topK,
                               long[][] totalTokens, long[][][] activationTokens) {
        int nLang = languages.size();
        int nLayer = moeLayers.length;
        return new RoutingStats(languages, moeLayers, numExperts, topK, totalTokens, activationTokens,
                new double[nLang][nLayer][numExperts], new double[nLang][nLayer]);
    }

    /**
     * Three languages, four experts, top-2, one MoE layer (decoder layer 0), 10 tokens each:
     * <pre>
     *        e0 e1 e2 e3      f = counts / 10
     *   en    8  6  4  2      0.8 0.6 0.4 0.2
     *   de    2  6  8  4      0.2 0.6 0.8 0.4
     *   zh    5  5  5  5      0.5 0.5 0.5 0.5
     * </pre>
     * Each row sums to 20 = topK * tokens.
     */
    static RoutingStats threeLanguagesOneLayer() {
        return counts(List.of("en", "de", "zh"), new int[] {0}, 4, 2,
                new long[][] {{10}, {10}, {10}},
                new long[][][] {{{8, 6, 4, 2}}, {{2, 6, 8, 4}}, {{5, 5, 5, 5}}});
    }
}
