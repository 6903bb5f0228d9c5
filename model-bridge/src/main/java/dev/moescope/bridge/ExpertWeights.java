package dev.moescope.bridge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * Loads one MoE block's router, routed experts and shared experts into the common stacked form
 * ({@code gateUp [E, 2I, hidden]} gate rows first, {@code down [E, hidden, I]}), whatever the checkpoint layout.
 */
final class ExpertWeights {

    private ExpertWeights() {
    }

    static LayerWeights.MoeWeights load(ModelWeights.Loader l, ModelConfig c, String m) {
        Architecture arch = c.architecture();
        int experts = arch.experts().count();
        int inter = arch.experts().intermediate();
        int h = c.hiddenSize();
        NDArray routerT = l.tensor(m + arch.names().router(), experts, h).transpose(); // [hidden, experts]
        NDArray routerBias = arch.router() instanceof Architecture.TopKThenSoftmax t && t.bias()
                ? l.tensor(m + "router.bias", experts) : null;                             // [experts]
        float[] correction = arch.router() instanceof Architecture.SigmoidGroups
                ? l.hostFloats(m + "gate.e_score_correction_bias", experts) : null;        // [experts]
        NDArray gateUp;                                                                      // [E, 2I, hidden]
        NDArray down;                                                                        // [E, hidden, I]
        NDArray gateUpBias = null;                                                           // [E, 2I]
        NDArray downBias = null;                                                             // [E, hidden]
        Architecture.Layout layout = arch.experts().layout();
        if (layout instanceof Architecture.PerExpert p) {
            {
                NDList gu = new NDList();
                NDList dn = new NDList();
                for (int e = 0; e < experts; e++) {
                    String x = m + "experts." + e + ".";
                    NDArray g = l.tensor(x + p.gate() + ".weight", inter, h);
                    NDArray u = l.tensor(x + p.up() + ".weight", inter, h);
                    gu.add(g.concat(u, 0));                                       // [2I, hidden]
                    g.close();
                    u.close();
                    dn.add(l.tensor(x + p.down() + ".weight", h, inter));        // [hidden, I]
                }
                gateUp = NDArrays.stack(gu);
                down = NDArrays.stack(dn);
                gu.close();
                dn.close();
            }
        } else if (layout instanceof Architecture.FusedInputOutput) {
            {
                gateUp = l.tensor(m + "input_linear.weight", experts, 2L * inter, h);  // rows: gate, then up
                down = l.tensor(m + "output_linear.weight", experts, h, inter);
            }
        } else {
            Architecture.GptOssExperts g = (Architecture.GptOssExperts) layout;
            {
                NDArray[] w = GptOssExpertWeights.load(l, m + "experts.", experts, inter, h, g.mxfp4());
                gateUp = w[0];
                down = w[1];
                gateUpBias = w[2];
                downBias = w[3];
            }
        }
        LayerWeights.Mlp shared = null;
        NDArray sharedGateT = null;
        if (arch.shared() instanceof Architecture.GatedShared s) {
            shared = l.mlp(m + "shared_expert.", s.intermediate(), h);
            sharedGateT = l.tensor(m + "shared_expert_gate.weight", 1, h).transpose(); // [hidden, 1]
        } else if (arch.shared() instanceof Architecture.PlainShared s) {
            shared = l.mlp(m + "shared_experts.", s.intermediate(), h);
        }
        List<NDArray> gateUpT = new ArrayList<>();
        List<NDArray> gateT = new ArrayList<>();
        List<NDArray> upT = new ArrayList<>();
        List<NDArray> downT = new ArrayList<>();
        List<NDArray> guBias = gateUpBias == null ? null : new ArrayList<>();
        List<NDArray> dBias = downBias == null ? null : new ArrayList<>();
        for (int e = 0; e < experts; e++) {
            NDArray gu = gateUp.get(e);                                   // [2I, hidden] view
            gateUpT.add(gu.transpose());                                  // [hidden, 2I]
            gateT.add(gu.get(new NDIndex("0:" + inter)).transpose());     // [hidden, I]
            upT.add(gu.get(new NDIndex(inter + ":")).transpose());        // [hidden, I]
            downT.add(down.get(e).transpose());                           // [I, hidden]
            if (guBias != null) {
                guBias.add(gateUpBias.get(e));                            // [2I]
                dBias.add(downBias.get(e));                               // [hidden]
            }
        }
        return new LayerWeights.MoeWeights(routerT, routerBias, correction, gateUp, down, List.copyOf(gateUpT),
                List.copyOf(gateT), List.copyOf(upT), List.copyOf(downT),
                guBias == null ? null : List.copyOf(guBias), dBias == null ? null : List.copyOf(dBias),
                shared, sharedGateT);
    }
}
