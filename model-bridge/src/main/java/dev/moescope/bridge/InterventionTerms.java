package dev.moescope.bridge;

import ai.djl.ndarray.NDManager;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Device-side terms of recently used interventions, keyed by the intervention's value (inference thread only).
 * The model holds no intervention: each call names its own, and this only saves re-uploading the same terms
 * when calls with a few different interventions interleave (a steered generation beside a baseline and a
 * collection). The least recently used entry beyond {@link #CAPACITY} is freed.
 */
final class InterventionTerms implements AutoCloseable {

    static final int CAPACITY = 8;

    private record Entry(NDManager owner, MoeBlock.Terms[] terms /* [layers], null entries: untouched */) {
    }

    private final NDManager parent;
    private final ModelConfig config;
    private final Map<RouterIntervention, Entry> entries = new LinkedHashMap<>(16, 0.75f, true); // access order
    private RouterIntervention lastKey;   // identity fast path: decode steps ask for the same value every token
    private MoeBlock.Terms[] lastTerms;

    InterventionTerms(NDManager parent, ModelConfig config) {
        this.parent = parent;
        this.config = config;
    }

    /** Per-layer terms of {@code iv}, or null when it changes nothing. */
    MoeBlock.Terms[] of(RouterIntervention iv) {
        if (iv == lastKey) {
            return lastTerms;
        }
        MoeBlock.Terms[] terms = iv.isEmpty() ? null : lookup(iv);
        lastKey = iv;
        lastTerms = terms;
        return terms;
    }

    /** Number of interventions whose terms are on the device. */
    int size() {
        return entries.size();
    }

    private MoeBlock.Terms[] lookup(RouterIntervention iv) {
        Entry e = entries.get(iv);
        if (e == null) {
            e = build(iv);
            entries.put(iv, e);
            evict();
        }
        return e.terms();
    }

    private void evict() {
        for (Iterator<Map.Entry<RouterIntervention, Entry>> it = entries.entrySet().iterator();
             entries.size() > CAPACITY && it.hasNext(); ) {
            Map.Entry<RouterIntervention, Entry> eldest = it.next();
            if (eldest.getKey() == lastKey) {
                lastKey = null;
                lastTerms = null;
            }
            eldest.getValue().owner().close();
            it.remove();
        }
    }

    private Entry build(RouterIntervention iv) {
        NDManager owner = parent.newSubManager();
        int e = config.numExperts();
        MoeBlock.Terms[] built = new MoeBlock.Terms[config.numHiddenLayers()];
        for (int layer : config.moeLayers()) {
            RouterIntervention.LayerTerms lt = iv.terms(layer, e);
            if (lt == null) {
                continue;
            }
            float[] keep = new float[e];   // [E] 1 keeps the expert's weight, 0 drops it
            float[] add = new float[e];    // [E] 0, or the masked logit
            for (int i = 0; i < e; i++) {
                keep[i] = lt.mask()[i] ? 0f : 1f;
                add[i] = lt.mask()[i] ? RouterIntervention.MASKED_LOGIT : 0f;
            }
            built[layer] = new MoeBlock.Terms(owner.create(lt.bias()), owner.create(lt.scale()),
                    owner.create(keep), owner.create(add));
        }
        return new Entry(owner, built);
    }

    @Override
    public void close() {
        entries.values().forEach(en -> en.owner().close());
        entries.clear();
        lastKey = null;
        lastTerms = null;
    }
}
