package dev.moescope.app.testing;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.experiment.GeneratingModel;
import dev.moescope.routing.store.ModelInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;

/**
 * A scorer for routing's held-out evaluation: bytes are tokens, and each next token costs
 * ln 2 * (1 + sum over masked (layer, expert) of 0.01 * ((3 layer + 7 expert + token) mod 5)) nats, so
 * every mask changes every language by its own amount. Counts forward calls and scored samples, can
 * sleep per call, and notes any call made on the FX thread. Generation echoes the prompt.
 */
public final class FakeScorer implements GeneratingModel {
    public final AtomicInteger forwardCalls = new AtomicInteger();
    public final AtomicInteger scoredSamples = new AtomicInteger();
    public final AtomicBoolean calledOnFxThread = new AtomicBoolean();
    public volatile long msPerCall;
    private final ModelInfo info = new ModelInfo("fake-scorer", "/fake/model", "fake_moe", 4, List.of(1, 3), 4, 1);

    @Override
    public ModelInfo modelInfo() {
        return info;
    }

    @Override
    public int[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            ids[i] = b[i] & 0xff;
        }
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        byte[] b = new byte[ids.length];
        for (int i = 0; i < ids.length; i++) {
            b[i] = (byte) ids[i];
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public Integer bosId() {
        return null;
    }

    @Override
    public List<float[]> nextTokenLogProbs(List<int[]> batch, RouterIntervention intervention) {
        if (Platform.isFxApplicationThread()) {
            calledOnFxThread.set(true);
        }
        forwardCalls.incrementAndGet();
        scoredSamples.addAndGet(batch.size());
        if (msPerCall > 0) {
            try {
                Thread.sleep(msPerCall);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<int[]> masked = masked(intervention); // {layer, expert}
        List<float[]> out = new ArrayList<>();
        for (int[] ids : batch) {
            float[] lp = new float[ids.length - 1];
            for (int t = 0; t < lp.length; t++) {
                double cost = 1;
                for (int[] le : masked) {
                    cost += 0.01 * ((3 * le[0] + 7 * le[1] + ids[t + 1]) % 5);
                }
                lp[t] = (float) (-Math.log(2) * cost);
            }
            out.add(lp);
        }
        return out;
    }

    private static List<int[]> masked(RouterIntervention iv) {
        List<int[]> out = new ArrayList<>();
        iv.mask().forEach((layer, experts) -> experts.forEach(e -> out.add(new int[] {layer, e})));
        return out;
    }

    @Override
    public String generate(int[] prompt, Sampling sampling, RouterIntervention intervention) {
        forwardCalls.incrementAndGet();
        return decode(prompt);
    }
}
