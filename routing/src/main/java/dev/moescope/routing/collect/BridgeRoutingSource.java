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
import java.util.Arrays;
import java.util.List;

/**
 * Routing from a real checkpoint through the model bridge: one prefill pass per batch with routing capture and
 * no logits. The source's intervention is fixed when it is made (none for the plain constructor, so a collection
 * is unsteered by construction) and passed to every forward call; the model itself holds none. The entropy is that
 * of the softmax the router actually used (after the intervention).
 *
 * <p>A sample is routed whole, in one forward pass, up to the model's {@code max_position_embeddings}
 * ({@link #window()}); only longer samples are routed in consecutive windows of that length (positions past the
 * context the model was trained on route unlike anything it saw), and {@link #windowedSamples()} counts them.
 * Every token is routed and counted once; a window sees only the tokens of its own window. Attention memory
 * grows with batch x length^2, so a batch is split into forward passes of at most {@link #ATTENTION_BUDGET}
 * padded length^2 cells (a single long sample always gets its own pass).
 */
public final class BridgeRoutingSource implements RoutingSource, AutoCloseable {
    private final MoeModel model;
    private final ModelInfo info;
    private final boolean owned;
    private final int window;
    private final java.util.concurrent.atomic.AtomicInteger windowed = new java.util.concurrent.atomic.AtomicInteger();
    private final RouterIntervention intervention;

    /** Padded tokens^2 summed over one forward pass's sequences: 8 sequences of 512 tokens. */
    public static final long ATTENTION_BUDGET = 8L * 512 * 512;

    /** Unsteered routing of {@code model}; {@code owned}: {@link #close} closes the model. */
    public BridgeRoutingSource(MoeModel model, Path dir, boolean owned) {
        this(model, dir, owned, model.config().maxPositionEmbeddings(), RouterIntervention.NONE);
    }

    /** Routing of {@code model} under {@code intervention} (recorded with the run as its canonical JSON). */
    public BridgeRoutingSource(MoeModel model, Path dir, boolean owned, RouterIntervention intervention) {
        this(model, dir, owned, model.config().maxPositionEmbeddings(), intervention);
    }

    /** With a window other than max_position_embeddings (tests). */
    BridgeRoutingSource(MoeModel model, Path dir, boolean owned, int window) {
        this(model, dir, owned, window, RouterIntervention.NONE);
    }

    private BridgeRoutingSource(MoeModel model, Path dir, boolean owned, int window, RouterIntervention intervention) {
        model.check(intervention);
        this.model = model;
        this.owned = owned;
        this.intervention = intervention;
        this.info = describe(model, dir);
        this.window = Math.max(1, window);
    }

    /** Longest sample routed whole: the model's max_position_embeddings. */
    public int window() {
        return window;
    }

    /** Samples routed so far that were longer than {@link #window()} and so went through in windows. */
    public int windowedSamples() {
        return windowed.get();
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

    public RouterIntervention intervention() {
        return intervention;
    }

    /** Canonical JSON of this source's intervention, "{}" for none (part of the run identity). */
    public String interventionJson() {
        return intervention.canonicalJson();
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
        List<int[]> windows = new ArrayList<>();
        int[] windowCount = new int[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            int[] ids = batch.get(i);
            for (int start = 0; start < ids.length; start += window) {
                windows.add(Arrays.copyOfRange(ids, start, Math.min(ids.length, start + window)));
                windowCount[i]++;
            }
            if (windowCount[i] > 1) {
                windowed.incrementAndGet();
            }
        }
        List<ForwardResult> results = forwardWithinBudget(windows);
        RouterIntervention iv = intervention;
        List<List<LayerTrace>> out = new ArrayList<>(batch.size());
        int next = 0;
        for (int i = 0; i < batch.size(); i++) {
            List<List<LayerTrace>> parts = new ArrayList<>(windowCount[i]);
            for (int w = 0; w < windowCount[i]; w++) {
                parts.add(layerTraces(results.get(next++), iv));
            }
            out.add(parts.size() == 1 ? parts.get(0) : concatenate(parts));
        }
        return out;
    }

    /** Forward passes over consecutive groups whose padded length^2 x count stays within the budget. */
    private List<ForwardResult> forwardWithinBudget(List<int[]> windows) {
        ForwardOptions opts = new ForwardOptions(true, LogitsMode.NONE);
        List<ForwardResult> out = new ArrayList<>(windows.size());
        int from = 0;
        while (from < windows.size()) {
            int to = from + 1;
            long longest = windows.get(from).length;
            while (to < windows.size()) {
                long l = Math.max(longest, windows.get(to).length);
                if (l * l * (to - from + 1) > ATTENTION_BUDGET) {
                    break;
                }
                longest = l;
                to++;
            }
            out.addAll(model.forwardBatch(windows.subList(from, to), opts, intervention));
            from = to;
        }
        return out;
    }

    private List<LayerTrace> layerTraces(ForwardResult r, RouterIntervention iv) {
        List<LayerTrace> layers = new ArrayList<>(r.trace().layers().size());
        for (LayerRouting lr : r.trace().layers()) {
            RouterIntervention.LayerTerms terms = iv.terms(lr.layer(), info.numExperts());
            layers.add(new LayerTrace(lr.layer(), lr.topkIds(), lr.topkWeights(), entropy(lr.routerLogits(), terms)));
        }
        return layers;
    }

    /** Joins the windows of one sample back into one trace per layer, in token order. */
    static List<LayerTrace> concatenate(List<List<LayerTrace>> windows) {
        List<LayerTrace> joined = new ArrayList<>(windows.get(0).size());
        for (int l = 0; l < windows.get(0).size(); l++) {
            List<int[]> ids = new ArrayList<>();
            List<float[]> weights = new ArrayList<>();
            int tokens = 0;
            for (List<LayerTrace> w : windows) {
                LayerTrace t = w.get(l);
                ids.addAll(Arrays.asList(t.topkIds()));
                weights.addAll(Arrays.asList(t.topkWeights()));
                tokens += t.entropy().length;
            }
            float[] entropy = new float[tokens];
            int at = 0;
            for (List<LayerTrace> w : windows) {
                float[] e = w.get(l).entropy();
                System.arraycopy(e, 0, entropy, at, e.length);
                at += e.length;
            }
            joined.add(new LayerTrace(windows.get(0).get(l).layer(), ids.toArray(new int[0][]),
                    weights.toArray(new float[0][]), entropy));
        }
        return joined;
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
