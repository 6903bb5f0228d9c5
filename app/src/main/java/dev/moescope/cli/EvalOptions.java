package dev.moescope.cli;

import dev.moescope.bridge.MoeModel;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.DemoAssets;
import dev.moescope.routing.experiment.BridgeScoringModel;
import dev.moescope.routing.experiment.HeldoutEvaluator;
import dev.moescope.routing.experiment.InterventionMetric;
import dev.moescope.routing.store.ModelFingerprint;
import dev.moescope.routing.store.ModelInfo;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.task.TaskSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * What intervene and steer-eval evaluate on: the collection run whose expert classification is tested, its model,
 * the held-out text (or a task file and metric, {@link TaskOptions}), BOS and batch size.
 */
final class EvalOptions {

    @Mixin
    RunSelection runSelection;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    CorpusSelection selection;

    @Mixin
    TaskOptions taskOptions;

    @Option(names = "--split", defaultValue = "heldout", description = "text to score: heldout, train or all; default: ${DEFAULT-VALUE}")
    String split;

    @Option(names = "--bos", description = "prepend BOS so every text token is scored (default: the first token is not scored)")
    boolean bos;

    @Option(names = "--batch", defaultValue = "8", description = "samples (task records) per forward batch; default: ${DEFAULT-VALUE}")
    int batch;

    /** Opens the chosen run with its statistics; closing it closes the database. */
    RunSelection.SelectedRun openRun() {
        return runSelection.open();
    }

    /**
     * Runs an experiment on the chosen text with the selected run's model: binds --model and --corpus to the run
     * first (see {@link #bindTo}); the model loads only if some result is not cached, and is closed after.
     */
    void evaluate(RunSelection.SelectedRun selected, Consumer<InterventionMetric> experiment) {
        boolean bitsPerByte = taskOptions.parsedMetric() == null;
        bindTo(selected.store(), selected.run());
        try (BridgeScoringModel scorer = scorer()) {
            if (bitsPerByte) {
                experiment.accept(evaluator(selected.store(), scorer));
            } else {
                try (TaskSpec.Opened task = taskOptions.open(selected.store(), scorer, bos, batch, selection.langs)) {
                    experiment.accept(task.metric());
                }
            }
        }
    }

    /**
     * Points --model and --corpus at the run's model and corpus when they are not given, and refuses a model
     * other than the one the run was collected with (its classification would not apply).
     */
    private void bindTo(RoutingStore store, RunInfo run) {
        if (modelOptions.steer != null) {
            throw new IllegalArgumentException("--steer is not used here: the experiment sets the interventions itself");
        }
        ModelInfo collected = store.model(run.modelId());
        if (run.content() == dev.moescope.routing.store.RunContent.AGGREGATES) {
            bindToImported(store, run, collected);
            return;
        }
        if (modelOptions.model == null) {
            Path runModel = Path.of(collected.path());
            modelOptions.model = Files.isDirectory(runModel) ? runModel : DemoAssets.modelDir();
        }
        String fingerprint = ModelFingerprint.of(modelOptions.model);
        if (!fingerprint.equals(collected.fingerprint())) {
            throw new IllegalArgumentException(modelOptions.model + ": not the model run " + run.id() + " was collected"
                    + " with (" + collected.path() + "); its expert classification would not apply. Pass --model "
                    + collected.path() + " or choose another --run");
        }
        if (selection.corpus == null) {
            String source = store.corpusSource(run.corpusId());
            selection.corpus = source == null ? "demo" : source;
        }
    }

    /**
     * A run of imported statistics has no checkpoint: --model and --corpus must be given, and the model must have the
     * statistics' shape (MoE layers, experts, top-k), since no fingerprint can tie the two together.
     */
    private void bindToImported(RoutingStore store, RunInfo run, ModelInfo imported) {
        if (modelOptions.model == null || selection.corpus == null) {
            throw new IllegalArgumentException("run " + run.id() + " holds imported statistics of " + imported.path()
                    + " (no checkpoint, no corpus): pass --model DIR (a checkpoint of that model) and --corpus to evaluate on");
        }
        ModelInfo given = dev.moescope.routing.collect.BridgeRoutingSource.describe(
                dev.moescope.bridge.ModelConfig.read(modelOptions.model), modelOptions.model);
        if (!given.moeLayers().equals(imported.moeLayers()) || given.numExperts() != imported.numExperts()
                || given.topK() != imported.topK()) {
            throw new IllegalArgumentException(modelOptions.model + ": its MoE layers " + given.moeLayers().size() + " x "
                    + given.numExperts() + " experts, top-" + given.topK() + " do not match run " + run.id() + "'s imported "
                    + "statistics of " + imported.path() + " (" + imported.moeLayers().size() + " x " + imported.numExperts()
                    + ", top-" + imported.topK() + ")");
        }
    }

    private MoeModel loadModel() {
        return modelOptions.load(ModelOptions.DEFAULT_CONTEXT);
    }

    /** The model as a lazy scorer: its weights load only if some result is not cached yet. */
    private BridgeScoringModel scorer() {
        return BridgeScoringModel.lazy(modelOptions.model, this::loadModel);
    }

    private HeldoutEvaluator evaluator(RoutingStore store, BridgeScoringModel scorer) {
        Corpus corpus = selection.load();
        return new HeldoutEvaluator(store, scorer, selection.samples(corpus, split), bos, batch);
    }
}
