package dev.moescope.routing.experiment;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.store.ModelInfo;

import java.util.List;

/** A language model that can be scored under a router intervention. */
public interface ScoringModel {
    ModelInfo modelInfo();

    int[] encode(String text);

    String decode(int[] ids);

    /** BOS id, or null when the model has none. */
    Integer bosId();

    /**
     * Next-token log-probabilities (natural log, length T-1 per input) of one prefill pass per input, with the
     * intervention ({@link RouterIntervention#NONE} for none) applied to every MoE router.
     */
    List<float[]> nextTokenLogProbs(List<int[]> batch, RouterIntervention intervention);
}
