package dev.moescope.app.testing;

import dev.moescope.routing.analysis.RoutingStats;
import java.util.List;

/** Small hand-made statistics: 2 languages, MoE layers 1 and 3, 4 experts, top-1, 100 tokens each. */
public final class Stats {
    private Stats() {}

    /**
     * en uses experts 0 and 1 (60/40) at both layers; de uses 1 and 2 (50/50) at layer 1 and only 3 at
     * layer 3.
     */
    /**
     * Statistics of a model's shape for {@code languages}: language i routes its tokens 60/40 to experts i and
     * i+1 (mod the expert count) in every MoE layer.
     */
    public static RoutingStats synthetic(dev.moescope.app.backend.ModelInfo model, List<String> languages) {
        int n = languages.size();
        int layers = model.moeLayers().size();
        int experts = model.numExperts();
        long[][] total = new long[n][layers];
        long[][][] act = new long[n][layers][experts];
        double[][][] gate = new double[n][layers][experts];
        double[][] entropy = new double[n][layers];
        for (int y = 0; y < n; y++) {
            for (int l = 0; l < layers; l++) {
                total[y][l] = 100;
                act[y][l][y % experts] += 60;
                act[y][l][(y + 1) % experts] += 40;
                gate[y][l][y % experts] += 54;
                gate[y][l][(y + 1) % experts] += 36;
                entropy[y][l] = 40 + y;
            }
        }
        return new RoutingStats(languages, model.moeLayers().stream().mapToInt(Integer::intValue).toArray(), experts, 1,
                total, act, gate, entropy);
    }

    public static RoutingStats twoLanguages() {
        long[][][] act = {
                {{60, 40, 0, 0}, {60, 40, 0, 0}},
                {{0, 50, 50, 0}, {0, 0, 0, 100}}};
        double[][][] gate = new double[2][2][4];
        for (int l = 0; l < 2; l++) {
            for (int y = 0; y < 2; y++) {
                for (int e = 0; e < 4; e++) {
                    gate[l][y][e] = act[l][y][e] * 0.9;
                }
            }
        }
        return new RoutingStats(List.of("en", "de"), new int[] {1, 3}, 4, 1, new long[][] {{100, 100}, {100, 100}},
                act, gate, new double[][] {{50, 50}, {40, 30}});
    }
}
