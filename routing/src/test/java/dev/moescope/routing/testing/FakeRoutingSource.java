package dev.moescope.routing.testing;

import dev.moescope.routing.collect.RoutingSource;
import dev.moescope.routing.store.LayerTrace;
import dev.moescope.routing.store.ModelInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic stand-in for a model: bytes are tokens, and the routing of (layer, token id, position) is a
 * seeded pseudo-random top-k with weights summing to 1. Counts forward calls and routed tokens.
 */
public class FakeRoutingSource implements RoutingSource {
    public final AtomicInteger forwardCalls = new AtomicInteger();
    public final AtomicInteger routedTokens = new AtomicInteger();
    private final ModelInfo model;
    private final long sleepMillisPerBatch;

    public FakeRoutingSource(List<Integer> moeLayers, int experts, int topK, long sleepMillisPerBatch) {
        this.model = new ModelInfo("fake-" + moeLayers + "-" + experts + "-" + topK, "/fake/model", "fake",
                moeLayers.isEmpty() ? 0 : moeLayers.get(moeLayers.size() - 1) + 1, moeLayers, experts, topK);
        this.sleepMillisPerBatch = sleepMillisPerBatch;
    }

    public static FakeRoutingSource small() {
        return new FakeRoutingSource(List.of(0, 1, 2), 8, 2, 0);
    }

    @Override
    public ModelInfo modelInfo() {
        return model;
    }

    @Override
    public int[] encode(String text, boolean addBos) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length + (addBos ? 1 : 0)];
        int off = 0;
        if (addBos) {
            ids[off++] = 256;
        }
        for (byte b : bytes) {
            ids[off++] = b & 0xff;
        }
        return ids;
    }

    @Override
    public List<List<LayerTrace>> route(List<int[]> batch) {
        forwardCalls.incrementAndGet();
        if (sleepMillisPerBatch > 0) {
            try {
                Thread.sleep(sleepMillisPerBatch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<List<LayerTrace>> out = new ArrayList<>();
        for (int[] tokens : batch) {
            routedTokens.addAndGet(tokens.length);
            List<LayerTrace> layers = new ArrayList<>();
            for (int layer : model.moeLayers()) {
                layers.add(route(layer, tokens));
            }
            out.add(layers);
        }
        return out;
    }

    private LayerTrace route(int layer, int[] tokens) {
        int k = model.topK();
        int e = model.numExperts();
        int[][] ids = new int[tokens.length][k];
        float[][] weights = new float[tokens.length][k];
        float[] entropy = new float[tokens.length];
        for (int t = 0; t < tokens.length; t++) {
            SplittableRandom rnd = new SplittableRandom(layer * 1_000_003L + tokens[t] * 31L + t);
            boolean[] used = new boolean[e];
            float sum = 0;
            for (int j = 0; j < k; j++) {
                int id;
                do {
                    id = rnd.nextInt(e);
                } while (used[id]);
                used[id] = true;
                ids[t][j] = id;
                weights[t][j] = (float) (k - j + rnd.nextDouble());
                sum += weights[t][j];
            }
            for (int j = 0; j < k; j++) {
                weights[t][j] /= sum;
            }
            entropy[t] = (float) (rnd.nextDouble() * Math.log(e));
        }
        return new LayerTrace(layer, ids, weights, entropy);
    }
}
