package dev.moescope.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Routing of every MoE layer for a token sequence; {@code layers} ascending by layer index. */
public record RoutingTrace(int[] tokens, List<LayerRouting> layers) {

    public RoutingTrace {
        layers = List.copyOf(layers);
    }

    /** This trace followed by {@code next} (same layers), as if both were captured in one pass. */
    public RoutingTrace append(RoutingTrace next) {
        if (next.layers.size() != layers.size()) {
            throw new IllegalArgumentException("traces have different MoE layers");
        }
        int[] toks = Arrays.copyOf(tokens, tokens.length + next.tokens.length);
        System.arraycopy(next.tokens, 0, toks, tokens.length, next.tokens.length);
        List<LayerRouting> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerRouting a = layers.get(i);
            LayerRouting b = next.layers.get(i);
            out.add(new LayerRouting(a.layer(), concat(a.routerLogits(), b.routerLogits()),
                    concat(a.topkIds(), b.topkIds()), concat(a.topkWeights(), b.topkWeights())));
        }
        return new RoutingTrace(toks, out);
    }

    private static <T> T[] concat(T[] a, T[] b) {
        T[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
