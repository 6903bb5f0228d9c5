package dev.moescope.routing.experiment;

import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.GenerationOptions;
import dev.moescope.bridge.LogitsMode;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.collect.BridgeRoutingSource;
import dev.moescope.routing.store.ModelInfo;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@link ScoringModel} (and {@link GeneratingModel}) over a bridge model; each call passes its intervention to the forward pass. The lazy form
 * loads the weights only when something must be computed, so a fully cached experiment never loads them.
 */
public final class BridgeScoringModel implements GeneratingModel, AutoCloseable {
    private final ModelInfo info;
    private final Supplier<MoeModel> loader;
    private final boolean owned;
    private MoeModel model;

    public BridgeScoringModel(MoeModel model, Path dir) {
        this.model = model;
        this.loader = () -> model;
        this.owned = false;
        this.info = BridgeRoutingSource.describe(model, dir);
    }

    private BridgeScoringModel(Path dir, Supplier<MoeModel> loader) {
        this.loader = loader;
        this.owned = true;
        this.info = BridgeRoutingSource.describe(ModelConfig.read(dir), dir);
    }

    /** Reads only config.json now; {@code loader} runs on first use, and {@link #close} closes what it loaded. */
    public static BridgeScoringModel lazy(Path dir, Supplier<MoeModel> loader) {
        return new BridgeScoringModel(dir, loader);
    }

    private synchronized MoeModel model() {
        if (model == null) {
            model = loader.get();
        }
        return model;
    }

    @Override
    public synchronized void close() {
        if (owned && model != null) {
            model.close();
        }
    }

    @Override
    public ModelInfo modelInfo() {
        return info;
    }

    @Override
    public int[] encode(String text) {
        return model().tokenizer().encode(text);
    }

    @Override
    public String decode(int[] ids) {
        return model().tokenizer().decode(ids);
    }

    @Override
    public Integer bosId() {
        return model().tokenizer().bosId();
    }

    @Override
    public List<float[]> nextTokenLogProbs(List<int[]> batch, RouterIntervention intervention) {
        return model().forwardBatch(batch, new ForwardOptions(false, LogitsMode.NONE), intervention).stream()
                .map(ForwardResult::nextTokenLogProbs).toList();
    }

    @Override
    public String generate(int[] prompt, Sampling sampling, RouterIntervention intervention) {
        return model().generate(prompt, options(sampling), intervention, null, null).text();
    }

    /** The bridge's options for {@code sampling}, without routing capture. */
    public static GenerationOptions options(Sampling sampling) {
        return new GenerationOptions(sampling.maxNewTokens(), sampling.temperature(), sampling.topP(), sampling.seed(),
                false, sampling.topK());
    }
}
