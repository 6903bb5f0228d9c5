package dev.moescope.routing.task;

import dev.moescope.bridge.RouterIntervention;

import dev.moescope.routing.experiment.GeneratingModel;
import dev.moescope.routing.store.ModelInfo;
import dev.moescope.routing.testing.FakeRoutingSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One token per code point; ln p(token) = -1 for an ASCII token and -1.2 for any other, whatever the context, plus
 * 0.5 per token under any intervention other than none. Generation answers from a prompt -> text table.
 */
final class FakeTaskModel implements GeneratingModel {
    final ModelInfo info = FakeRoutingSource.small().modelInfo();
    final Map<String, String> answers = new LinkedHashMap<>();
    final List<Long> seeds = new ArrayList<>();
    int forwardCalls;
    int generateCalls;

    @Override
    public ModelInfo modelInfo() {
        return info;
    }

    @Override
    public int[] encode(String text) {
        return text.codePoints().toArray();
    }

    @Override
    public String decode(int[] ids) {
        return new String(ids, 0, ids.length);
    }

    @Override
    public Integer bosId() {
        return 0;
    }

    @Override
    public List<float[]> nextTokenLogProbs(List<int[]> batch, RouterIntervention intervention) {
        forwardCalls++;
        float extra = RouterIntervention.NONE.equals(intervention) ? 0f : 0.5f;
        List<float[]> out = new ArrayList<>();
        for (int[] ids : batch) {
            float[] lp = new float[ids.length - 1];
            for (int t = 0; t < lp.length; t++) {
                lp[t] = (ids[t + 1] < 128 ? -1f : -1.2f) - extra;
            }
            out.add(lp);
        }
        return out;
    }

    @Override
    public String generate(int[] prompt, Sampling sampling, RouterIntervention intervention) {
        generateCalls++;
        seeds.add(sampling.seed());
        String text = decode(prompt);
        String answer = answers.get(text);
        if (answer == null) {
            throw new IllegalStateException("no canned answer for " + text);
        }
        return answer;
    }
}
