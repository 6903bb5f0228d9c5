package dev.moescope.cli;

import dev.moescope.resources.Corpus;
import dev.moescope.routing.collect.CollectionJob;
import dev.moescope.routing.remote.RemoteRoutingSource;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.store.SampleText;
import picocli.CommandLine.Model.CommandSpec;

import java.util.List;
import java.util.Locale;

/** {@code collect --engine ... --url ...}: the corpus through a vLLM or SGLang server into an ids-only run. */
final class RemoteCollect {
    private final CommandSpec spec;
    private final CorpusSelection selection;
    private final DatabaseOption database;
    private final String split;
    private final int batch;
    private final boolean bos;

    RemoteCollect(CommandSpec spec, CorpusSelection selection, DatabaseOption database, String split, int batch,
                  boolean bos) {
        this.spec = spec;
        this.selection = selection;
        this.database = database;
        this.split = split;
        this.batch = batch;
        this.bos = bos;
    }

    int run(RemoteEngineOptions remote, ModelOptions model, PromptFormatOptions prompt) {
        if (model.steer != null) {
            throw new IllegalArgumentException("--steer cannot apply to a remote engine: vLLM and SGLang cannot bias or "
                    + "mask routers while serving; steer a local model instead");
        }
        Corpus corpus = selection.load();
        try (RemoteRoutingSource source = RemoteRoutingSource.connect(remote.options(model.model));
             RoutingStore store = database.openOrCreate()) {
            // the prompt is rendered here (prompt template, the model's chat template) and the rendered text is sent
            java.nio.file.Path tokenizerDir = source.tokenizerDir() != null ? source.tokenizerDir() : model.model;
            if (tokenizerDir == null && prompt.chatTemplate) {
                throw new IllegalArgumentException("--chat-template needs the model's tokenizer_config.json: pass --model DIR "
                        + "(a local copy of the served model's tokenizer files)");
            }
            dev.moescope.routing.prompt.PromptRenderer prompts = prompt.renderer(tokenizerDir);
            List<SampleText> samples = selection.samples(corpus, split, prompts);
            // a batch is one transaction; it holds at least as many samples as may be in flight
            CollectionJob.Options options = new CollectionJob.Options(Math.max(batch, remote.concurrency), bos, "{}",
                    prompts.formatJson());
            CollectionJob job = new CollectionJob(store, source, options);
            RunInfo run = job.prepare(corpus.id(), selection.source(), samples, selection.selectionJson(corpus, split));
            if (run.complete()) {
                CollectCommand.report(spec, run, store, "cached (nothing computed)");
                return 0;
            }
            ProgressBar bar = new ProgressBar(System.err, "collect " + source.servedModel());
            long start = System.nanoTime();
            RunInfo done = CollectCommand.runInterruptibly(job, run, bar);
            CollectCommand.report(spec, done, store, String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - start) / 1e9));
        }
        return 0;
    }
}
