package dev.moescope.routing.collect;

import dev.moescope.routing.store.ModelInfo;
import dev.moescope.routing.store.PendingSample;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.store.RunContent;
import dev.moescope.routing.store.RunRequest;
import dev.moescope.routing.store.SampleText;
import dev.moescope.routing.store.SampleTrace;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Collects routing for a sample selection into the store: batches of samples through the model, one
 * transaction per batch. Rerunning the same request resumes the same run (only pending samples are
 * computed); a complete run is returned without any forward pass.
 */
public final class CollectionJob {
    /**
     * @param batchSize        samples per forward batch and per transaction
     * @param addBos           prepend the BOS token (off by default, as in the paper)
     * @param interventionJson canonical steering JSON active in the source, "{}" for none
     * @param promptFormat     the samples' prompt rendering ({@code PromptRenderer.formatJson()}), null for raw
     *                         text; part of the run key
     */
    public record Options(int batchSize, boolean addBos, String interventionJson, String promptFormat) {
        public Options {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
            }
        }

        /** Raw sample text. */
        public Options(int batchSize, boolean addBos, String interventionJson) {
            this(batchSize, addBos, interventionJson, null);
        }

        public static Options defaults() {
            return new Options(8, false, "{}");
        }
    }

    private final RoutingStore store;
    private final RoutingSource source;
    private final Options options;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public CollectionJob(RoutingStore store, RoutingSource source, Options options) {
        this.store = store;
        this.source = source;
        this.options = options;
    }

    /** Asks the job to stop after the batch in flight, which is still committed; committed batches stay. */
    public void cancel() {
        cancelled.set(true);
    }

    /** Stores the corpus samples and finds or creates the run for them (nothing is computed yet). */
    public RunInfo prepare(String corpusName, String corpusSource, List<SampleText> samples, String selectionJson) {
        return prepare(store, source.modelInfo(), options, source.content(), source.location(), corpusName,
                corpusSource, samples, selectionJson);
    }

    /**
     * The same without a loaded model, so a caller can see that a run is already complete (a cache hit) before
     * paying for loading the weights.
     */
    public static RunInfo prepare(RoutingStore store, ModelInfo model, Options options, String corpusName,
                                  String corpusSource, List<SampleText> samples, String selectionJson) {
        return prepare(store, model, options, RunContent.TRACES, null, corpusName, corpusSource, samples, selectionJson);
    }

    /** The same for a run of the given content from the given source (a server URL, null for the local bridge). */
    public static RunInfo prepare(RoutingStore store, ModelInfo model, Options options, RunContent content,
                                  String location, String corpusName, String corpusSource, List<SampleText> samples,
                                  String selectionJson) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("corpus " + corpusName + ": no samples selected");
        }
        long modelId = store.putModel(model);
        long corpusId = store.putCorpus(corpusName, corpusSource);
        List<Long> ids = store.putSamples(corpusId, samples);
        return store.openRun(new RunRequest(modelId, corpusId, ids, selectionJson, options.interventionJson(),
                options.addBos(), content, location, options.promptFormat()));
    }

    /**
     * Runs the pending samples of the run (after reusing any that another run with the same model, intervention
     * and BOS option already computed); returns the run as stored afterwards (complete unless cancelled). */
    public RunInfo run(RunInfo run, CollectionProgress.Listener listener) {
        if (run.complete()) {
            listener.onProgress(new CollectionProgress(run.id(), run.doneSamples(), run.numSamples(), 0, 0, 0));
            return run;
        }
        int reused = store.reuseCompletedSamples(run.id()); // computed by another run: copy, do not recompute
        if (reused > 0) {
            run = store.run(run.id());
            listener.onProgress(new CollectionProgress(run.id(), run.doneSamples(), run.numSamples(), 0, 0, Double.NaN));
        }
        List<PendingSample> pending = store.pendingSamples(run.id());
        // The forward pass of batch i + 1 overlaps the commit of batch i (one committer thread, so commits stay
        // in order); the listener is called on the committer thread right after each commit.
        ExecutorService committer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "moescope-commit");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> inFlight = null;
            int[] done = {run.numSamples() - pending.size()};
            long[] tokens = {0};
            long start = System.nanoTime();
            final RunInfo current = run;
            for (int from = 0; from < pending.size() && !cancelled.get(); from += options.batchSize()) {
                List<PendingSample> batch = pending.subList(from, Math.min(pending.size(), from + options.batchSize()));
                List<SampleTrace> commit = forward(batch);
                await(inFlight); // a batch computed before a cancel is still committed: no work is thrown away
                int processed = from + batch.size();
                inFlight = committer.submit(() -> {
                    done[0] += store.commitBatch(current.id(), commit);
                    for (SampleTrace t : commit) {
                        tokens[0] += t.tokens().length;
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    double eta = seconds / processed * (pending.size() - processed);
                    listener.onProgress(new CollectionProgress(current.id(), done[0], current.numSamples(), tokens[0],
                            tokens[0] / Math.max(seconds, 1e-9), eta));
                });
            }
            await(inFlight);
        } finally {
            committer.shutdown(); // after a failure, let a commit in flight finish rather than interrupt it
            try {
                committer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!cancelled.get()) {
            store.markComplete(run.id());
        }
        return store.run(run.id());
    }

    /** Tokenizes and routes one batch (no store access). */
    private List<SampleTrace> forward(List<PendingSample> batch) {
        return source.routeSamples(batch, options.addBos());
    }

    /** Waits for a commit; its failure is rethrown here, on the job's thread. */
    private static void await(Future<?> commit) {
        if (commit == null) {
            return;
        }
        try {
            commit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while committing a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
