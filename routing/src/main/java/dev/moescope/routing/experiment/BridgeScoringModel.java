package dev.moescope.routing.experiment;

import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.LogitsMode;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.collect.BridgeRoutingSource;
import dev.moescope.routing.store.ModelInfo;

import java.nio.file.Path;
import java.util.List;

/** {@link ScoringModel} over a loaded bridge model; restores the model's previous intervention after scoring. */
public final class BridgeScoringModel implements ScoringModel {
    private final MoeModel model;
    private final ModelInfo info;

    public BridgeScoringModel(MoeModel model, Path dir) {
        this.model = model;
        this.info = BridgeRoutingSource.describe(model, dir);
    }

    @Override
    public ModelInfo modelInfo() {
        return info;
    }

    @Override
    public int[] encode(String text) {
        return model.tokenizer().encode(text);
    }

    @Override
    public String decode(int[] ids) {
        return model.tokenizer().decode(ids);
    }

    @Override
    public Integer bosId() {
        return model.tokenizer().bosId();
    }

    @Override
    public List<float[]> nextTokenLogProbs(List<int[]> batch, String interventionJson) {
        RouterIntervention previous = model.intervention();
        model.setIntervention("{}".equals(interventionJson) ? RouterIntervention.NONE : RouterIntervention.parse(interventionJson));
        try {
            return model.forwardBatch(batch, new ForwardOptions(false, LogitsMode.NONE)).stream()
                    .map(ForwardResult::nextTokenLogProbs).toList();
        } finally {
            model.setIntervention(previous);
        }
    }

    @Override
    public String canonical(String interventionJson) {
        return "{}".equals(interventionJson) ? "{}" : BridgeRoutingSource.canonical(RouterIntervention.parse(interventionJson));
    }
}
