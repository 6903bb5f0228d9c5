package dev.moescope.routing.collect;

import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.LayerRouting;
import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.LogitsMode;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.store.LayerTrace;
import dev.moescope.routing.store.ModelFingerprint;
import dev.moescope.routing.store.ModelInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Routing from a real checkpoint through the model bridge: one prefill pass per batch with routing capture and
 * no logits. The entropy is that of the softmax the router actually used (after any intervention).
 */
public final class BridgeRoutingSource implements RoutingSource, AutoCloseable {
    private final MoeModel model;
    private final ModelInfo info;
    private final boolean owned;

    public BridgeRoutingSource(MoeModel model, Path dir, boolean owned) {
        this.model = model;
        this.owned = owned;
        this.info = describe(model, dir);
    }

    /** Loads the checkpoint on the CPU. */
    public static BridgeRoutingSource load(Path dir) {
        return new BridgeRoutingSource(MoeModel.load(dir, LoadOptions.cpu()), dir, true);
    }

    public static ModelInfo describe(MoeModel model, Path dir) {
        return describe(model.config(), dir);
    }

    /** The store's view of a checkpoint from its config alone (no weights loaded). */
    public static ModelInfo describe(ModelConfig config, Path dir) {
        return new ModelInfo(ModelFingerprint.of(dir), dir.toAbsolutePath().normalize().toString(), config.modelType(),
                config.numHiddenLayers(), config.moeLayers(), config.numExperts(), config.numExpertsPerTok());
    }

    public MoeModel model() {
        return model;
    }

    /** Canonical JSON of the model's current intervention, "{}" for none (part of the run identity). */
    public String interventionJson() {
        return canonical(model.intervention());
    }

    public static String canonical(RouterIntervention iv) {
        return iv == null || iv.isEmpty() ? "{}" : iv.toJson();
    }

    @Override
    public ModelInfo modelInfo() {
        return info;
    }

    @Override
    public int[] encode(String text, boolean addBos) {
        int[] ids = model.tokenizer().encode(text);
        if (!addBos) {
            return ids;
        }
        Integer bos = model.tokenizer().bosId();
        if (bos == null) {
            throw new IllegalArgumentException(info.path() + ": the model defines no BOS token; run without --bos");
        }
        int[] out = new int[ids.length + 1];
        out[0] = bos;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    @Override
    public List<List<LayerTrace>> route(List<int[]> batch) {
        List<ForwardResult> results = model.forwardBatch(batch, new ForwardOptions(true, LogitsMode.NONE));
        RouterIntervention iv = model.intervention();
        List<List<LayerTrace>> out = new ArrayList<>(results.size());
        for (ForwardResult r : results) {
            List<LayerTrace> layers = new ArrayList<>(r.trace().layers().size());
            for (LayerRouting lr : r.trace().layers()) {
                RouterIntervention.LayerTerms terms = iv == null ? null : iv.terms(lr.layer(), info.numExperts());
                layers.add(new LayerTrace(lr.layer(), lr.topkIds(), lr.topkWeights(), entropy(lr.routerLogits(), terms)));
            }
            out.add(layers);
        }
        return out;
    }

    /** Per-token entropy of softmax(z') where z' = (z + b) + c|z| and masked experts are dropped. */
    static float[] entropy(float[][] routerLogits, RouterIntervention.LayerTerms terms) { // [T, E] -> [T]
        if (terms == null) {
            return RouterEntropy.perToken(routerLogits);
        }
        float[] out = new float[routerLogits.length];
        for (int t = 0; t < routerLogits.length; t++) {
            float[] z = routerLogits[t];
            int kept = 0;
            float[] steered = new float[z.length];
            for (int e = 0; e < z.length; e++) {
                if (!terms.mask()[e]) {
                    steered[kept++] = (z[e] + terms.bias()[e]) + terms.scale()[e] * Math.abs(z[e]);
                }
            }
            out[t] = RouterEntropy.of(java.util.Arrays.copyOf(steered, kept));
        }
        return out;
    }

    @Override
    public void close() {
        if (owned) {
            model.close();
        }
    }
}
