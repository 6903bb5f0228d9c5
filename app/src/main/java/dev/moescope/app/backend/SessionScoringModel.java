package dev.moescope.app.backend;

import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.LogitsMode;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.collect.BridgeRoutingSource;
import dev.moescope.routing.experiment.BridgeScoringModel;
import dev.moescope.routing.experiment.GeneratingModel;
import dev.moescope.routing.store.ModelInfo;
import java.util.List;

/**
 * Held-out scoring and task generation for routing's experiments from a {@link BridgeSession}: every batch (and
 * every generation) goes through the
 * session's gate with its intervention set, so the masks never leak into a generation running beside it.
 * The model identity is the collection's (same fingerprint as {@code moescope intervene} computes), so the
 * app and the CLI share cached results.
 */
public final class SessionScoringModel implements GeneratingModel {
    private final BridgeSession session;
    private final ModelInfo info;

    SessionScoringModel(BridgeSession session) {
        this.session = session;
        this.info = session.routingSource().modelInfo();
    }

    @Override
    public ModelInfo modelInfo() {
        return info;
    }

    @Override
    public int[] encode(String text) {
        return session.model().tokenizer().encode(text);
    }

    @Override
    public String decode(int[] ids) {
        return session.model().tokenizer().decode(ids);
    }

    @Override
    public Integer bosId() {
        return session.model().tokenizer().bosId();
    }

    @Override
    public List<float[]> nextTokenLogProbs(List<int[]> batch, String interventionJson) {
        RouterIntervention iv = "{}".equals(interventionJson) ? RouterIntervention.NONE : RouterIntervention.parse(interventionJson);
        List<ForwardResult> results = session.withIntervention(iv,
                () -> session.model().forwardBatch(batch, new ForwardOptions(false, LogitsMode.NONE)));
        return results.stream().map(ForwardResult::nextTokenLogProbs).toList();
    }

    @Override
    public String generate(int[] prompt, Sampling sampling, String interventionJson) {
        RouterIntervention iv = "{}".equals(interventionJson) ? RouterIntervention.NONE : RouterIntervention.parse(interventionJson);
        return session.withIntervention(iv,
                () -> session.model().generate(prompt, BridgeScoringModel.options(sampling), null, null).text());
    }

    @Override
    public String canonical(String interventionJson) {
        return "{}".equals(interventionJson) ? "{}" : BridgeRoutingSource.canonical(RouterIntervention.parse(interventionJson));
    }
}
