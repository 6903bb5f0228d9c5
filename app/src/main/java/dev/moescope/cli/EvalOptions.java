package dev.moescope.cli;

import dev.moescope.bridge.MoeModel;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.DemoAssets;
import dev.moescope.routing.experiment.BridgeScoringModel;
import dev.moescope.routing.experiment.HeldoutEvaluator;
import dev.moescope.routing.store.RoutingStore;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** What intervene and steer-eval evaluate on: the model, the held-out text, BOS and batch size. */
final class EvalOptions {

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    CorpusSelection selection;

    @Option(names = "--split", defaultValue = "heldout", description = "text to score: heldout, train or all; default: ${DEFAULT-VALUE}")
    String split;

    @Option(names = "--bos", description = "prepend BOS so every text token is scored (default: the first token is not scored)")
    boolean bos;

    @Option(names = "--batch", defaultValue = "8", description = "samples per forward batch; default: ${DEFAULT-VALUE}")
    int batch;

    Path modelDir() {
        return modelOptions.model != null ? modelOptions.model : DemoAssets.modelDir();
    }

    MoeModel loadModel() {
        if (modelOptions.steer != null) {
            throw new IllegalArgumentException("--steer is not used here: the experiment sets the interventions itself");
        }
        return modelOptions.load();
    }

    HeldoutEvaluator evaluator(RoutingStore store, MoeModel model) {
        Corpus corpus = selection.load();
        return new HeldoutEvaluator(store, new BridgeScoringModel(model, modelDir()), selection.samples(corpus, split), bos, batch);
    }
}
