package dev.moescope.cli;

import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.DemoAssets;
import dev.moescope.routing.collect.BridgeRoutingSource;
import dev.moescope.routing.collect.CollectionJob;
import dev.moescope.routing.store.ModelInfo;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.store.SampleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code moescope collect}: record routing of every prompt token of a corpus into the database. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = "Run the model over a corpus (prefill only, no chat template) and record the routing of every "
                + "token: traces and per-language/layer/expert totals. Resumes an interrupted run; a complete run "
                + "with the same model, samples, steering and options is reused without computing. With --engine "
                + "and --url, a vLLM or SGLang server routes instead (docs/remote-engines.md).")
public final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    CorpusSelection selection;

    @Mixin
    DatabaseOption database;

    @Option(names = "--split", defaultValue = "train", description = "train, heldout or all; default: ${DEFAULT-VALUE}")
    String split;

    @Option(names = "--batch", defaultValue = "8", description = "samples per forward batch and transaction; default: ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--bos", description = "prepend the BOS token to every sample (off by default, as in the paper)")
    boolean bos;

    @Mixin
    RemoteEngineOptions remote;

    @Override
    public Integer call() {
        if (remote.remote()) {
            return new RemoteCollect(spec, selection, database, split, batch, bos).run(remote, modelOptions);
        }
        Path dir = modelOptions.model != null ? modelOptions.model : DemoAssets.modelDir();
        Corpus corpus = selection.load();
        List<SampleText> samples = selection.samples(corpus, split);
        String intervention = modelOptions.steer == null ? "{}"
                : BridgeRoutingSource.canonical(RouterIntervention.read(modelOptions.steer));
        CollectionJob.Options options = new CollectionJob.Options(batch, bos, intervention);
        ModelInfo info = BridgeRoutingSource.describe(ModelConfig.read(dir), dir);
        try (RoutingStore store = database.openOrCreate()) {
            RunInfo run = CollectionJob.prepare(store, info, options, corpus.id(), selection.source(), samples,
                    selection.selectionJson(corpus, split));
            if (run.complete()) {
                report(spec, run, store, "cached (nothing computed)");
                return 0;
            }
            try (MoeModel model = modelOptions.load();
                 BridgeRoutingSource source = new BridgeRoutingSource(model, dir, false)) {
                CollectionJob job = new CollectionJob(store, source, options);
                ProgressBar bar = new ProgressBar(System.err, "collect");
                CountDownLatch finished = new CountDownLatch(1);
                Thread hook = new Thread(() -> { // Ctrl-C: stop after the batch in flight, keep what is committed
                    job.cancel();
                    try {
                        finished.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException ignored) {
                        Thread.currentThread().interrupt();
                    }
                });
                Runtime.getRuntime().addShutdownHook(hook);
                long start = System.nanoTime();
                RunInfo done;
                try {
                    done = job.run(run, bar);
                } finally {
                    finished.countDown();
                }
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // Ctrl-C arrived: the hook is running and waits for us
                }
                bar.finish();
                double seconds = (System.nanoTime() - start) / 1e9;
                report(spec, done, store, String.format(Locale.ROOT, "%.1f s", seconds));
            }
        }
        return 0;
    }

    static void report(CommandSpec spec, RunInfo run, RoutingStore store, String how) {
        long tokens = store.completedSamples(run.id()).stream().mapToLong(RoutingStore.CompletedSample::numTokens).sum();
        spec.commandLine().getOut().printf(Locale.ROOT, "run %d: %d/%d samples, %d tokens, %s, %s%s -> %s%n", run.id(),
                run.doneSamples(), run.numSamples(), tokens, run.status(), how,
                run.source() == null ? "" : ", " + run.content().dbValue() + " from " + run.source(), store.file());
        spec.commandLine().getOut().flush();
    }
}
