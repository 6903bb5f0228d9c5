package dev.moescope.cli;

import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.DemoAssets;
import dev.moescope.routing.collect.BridgeRoutingSource;
import dev.moescope.routing.collect.CollectionJob;
import dev.moescope.routing.prompt.PromptRenderer;
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
        description = "Run the model over a corpus (prefill only) and record the routing of every prompt token: traces "
                + "and per-language/layer/expert totals. Takes every sample unless --split asks for one (the demo corpus "
                + "and corpora with a split field default to their training split). Samples are routed whole up to "
                + "max_position_embeddings. Resumes an interrupted run; a complete run with the same model, samples, "
                + "prompt format, steering and options is reused without computing. With --engine and --url, a vLLM or SGLang server routes instead "
                + "(docs/remote-engines.md).")
public final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ResidentMemoryOption residentMemory;

    @Mixin
    CorpusSelection selection;

    @Mixin
    DatabaseOption database;

    @Mixin
    PromptFormatOptions prompt;

    @Option(names = "--split", description = "train, heldout or all; default: the corpus's training split where it "
            + "defines splits (the demo's articles, a split field), else all")
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
            return new RemoteCollect(spec, selection, database, split, batch, bos).run(remote, modelOptions, prompt);
        }
        Path dir = modelOptions.model != null ? modelOptions.model : DemoAssets.modelDir();
        Corpus corpus = selection.load();
        PromptRenderer prompts = prompt.renderer(dir);
        List<SampleText> samples = selection.samples(corpus, split, prompts);
        RouterIntervention steering = modelOptions.steering();
        CollectionJob.Options options = new CollectionJob.Options(batch, bos, steering.canonicalJson(), prompts.formatJson());
        taken = "split " + CorpusSelection.describeSplit(corpus, split) + ", " + prompts.describe();
        ModelConfig config = ModelConfig.read(dir);
        ModelInfo info = BridgeRoutingSource.describe(config, dir);
        maxPositions = config.maxPositionEmbeddings();
        try (RoutingStore store = database.openOrCreate()) {
            RunInfo run = CollectionJob.prepare(store, info, options, corpus.id(), selection.source(), samples,
                    selection.selectionJson(corpus, split));
            if (run.complete()) {
                report(run, store, "cached (nothing computed)");
                return 0;
            }
            try (MoeModel model = modelOptions.loadForPrefill(longestForwardPass(samples, maxPositions), residentMemory.bytes(), true);
                 BridgeRoutingSource source = new BridgeRoutingSource(model, dir, false, modelOptions.steering(model))) {
                CollectionJob job = new CollectionJob(store, source, options);
                ProgressBar bar = new ProgressBar(System.err, "collect");
                long start = System.nanoTime();
                RunInfo done = runInterruptibly(job, run, bar);
                double seconds = (System.nanoTime() - start) / 1e9;
                report(done, store, String.format(Locale.ROOT, "%.1f s", seconds));
            }
        }
        return 0;
    }

    /**
     * Runs what is pending of {@code run} with progress; Ctrl-C stops after the batch in flight and keeps what is
     * committed (the shutdown hook waits for the job to end).
     */
    static RunInfo runInterruptibly(CollectionJob job, RunInfo run, ProgressBar bar) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            job.cancel();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
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
        return done;
    }

    /**
     * The longest forward pass this collection can make, for the memory check: a sample is routed whole up to
     * max_position_embeddings, and a byte-level tokenizer gives at most one token per UTF-8 byte (+ BOS).
     */
    static int longestForwardPass(List<SampleText> samples, int maxPositions) {
        long longest = 1;
        for (SampleText s : samples) {
            longest = Math.max(longest, s.text().getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1L);
        }
        return (int) Math.min(maxPositions, longest);
    }

    private String taken;
    private int maxPositions = Integer.MAX_VALUE;

    /** Samples, tokens, split, prompt format; and how many samples were longer than one forward pass takes. */
    private void report(RunInfo run, RoutingStore store, String how) {
        report(spec, run, store, how, taken, maxPositions);
    }

    /** The same for a run collected elsewhere (a server): samples, tokens, content and source. */
    static void report(CommandSpec spec, RunInfo run, RoutingStore store, String how) {
        report(spec, run, store, how, null, Integer.MAX_VALUE);
    }

    private static void report(CommandSpec spec, RunInfo run, RoutingStore store, String how, String taken,
                               int maxPositions) {
        List<RoutingStore.CompletedSample> done = store.completedSamples(run.id());
        long tokens = done.stream().mapToLong(RoutingStore.CompletedSample::numTokens).sum();
        long windowed = done.stream().filter(c -> c.numTokens() > maxPositions).count();
        String windows = windowed > 0 ? ", " + windowed + " samples longer than max_position_embeddings (" + maxPositions
                + ") routed in windows" : "";
        spec.commandLine().getOut().printf(Locale.ROOT, "run %d: %d/%d samples, %d tokens, %s%s%s, %s -> %s%n", run.id(),
                run.doneSamples(), run.numSamples(), tokens, taken == null ? "" : taken + ", ", run.status(), windows,
                how + (run.source() == null ? "" : ", " + run.content().dbValue() + " from " + run.source()), store.file());
        spec.commandLine().getOut().flush();
    }
}
