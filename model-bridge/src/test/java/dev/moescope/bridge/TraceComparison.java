package dev.moescope.bridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The fixtures README's comparison rule; {@link #failures} lists every violation (empty: pass). */
public final class TraceComparison {

    private TraceComparison() {
    }

    public static List<String> failures(TraceJson.Parsed golden, RoutingTrace trace, float[][] logits) {
        List<String> out = new ArrayList<>();
        RoutingTrace g = golden.trace();
        if (!Arrays.equals(g.tokens(), trace.tokens())) {
            out.add("tokens differ: " + Arrays.toString(trace.tokens()) + " vs golden " + Arrays.toString(g.tokens()));
            return out;
        }
        List<Integer> gl = g.layers().stream().map(LayerRouting::layer).toList();
        List<Integer> cl = trace.layers().stream().map(LayerRouting::layer).toList();
        if (!gl.equals(cl)) {
            out.add("MoE layers differ: " + cl + " vs golden " + gl);
            return out;
        }
        double maxGolden = 0;
        double maxErr = 0;
        for (int t = 0; t < golden.logits().length; t++) {
            for (int v = 0; v < golden.logits()[t].length; v++) {
                maxGolden = Math.max(maxGolden, Math.abs(golden.logits()[t][v]));
                maxErr = Math.max(maxErr, Math.abs(golden.logits()[t][v] - logits[t][v]));
            }
        }
        if (maxErr / maxGolden > 1e-3) {
            out.add("logits: relative error " + maxErr / maxGolden + " > 1e-3");
        }
        for (int i = 0; i < gl.size(); i++) {
            LayerRouting a = trace.layers().get(i);
            LayerRouting b = g.layers().get(i);
            for (int t = 0; t < b.topkIds().length; t++) {
                if (!Arrays.equals(a.topkIds()[t], b.topkIds()[t])) {
                    out.add("layer " + b.layer() + " token " + t + ": topk_ids " + Arrays.toString(a.topkIds()[t])
                            + " vs golden " + Arrays.toString(b.topkIds()[t]));
                    continue;
                }
                for (int s = 0; s < b.topkIds()[t].length; s++) {
                    double err = Math.abs(a.topkWeights()[t][s] - b.topkWeights()[t][s]);
                    if (err > 1e-4) {
                        out.add("layer " + b.layer() + " token " + t + " expert " + b.topkIds()[t][s]
                                + ": weight error " + err + " > 1e-4");
                    }
                }
            }
        }
        return out;
    }
}
