package dev.moescope.app.backend;

import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.experiment.HeldoutEvaluator;
import dev.moescope.routing.task.TaskSpec;
import dev.moescope.routing.experiment.MaskingExperiment;
import dev.moescope.routing.remote.RemoteOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Everything the app needs from the core modules (bridge, resources, routing). Methods block: the
 * view-models call them from background work, never from the FX thread.
 */
public interface Backend {

    /** What {@code inspect} says about a checkpoint folder, and whether it fits in memory. */
    record Inspection(String summary, boolean fits, String memoryNote) {}

    /** Summary of the model in {@code dir} without loading weights; {@code device} is CPU or GPU. */
    Inspection inspect(Path dir, String device);

    /** Loads the model in {@code dir}, or the bundled demo model when {@code dir} is null. */
    ModelSession open(Path dir, String device);

    /**
     * {@link #inspect(Path, String)} under a resident-memory budget ({@code budgetBytes} 0: the device's free
     * memory): the summary says whether the model runs resident or streamed layer by layer.
     */
    default Inspection inspect(Path dir, String device, long budgetBytes) {
        return inspect(dir, device);
    }

    /** {@link #open(Path, String)} under a resident-memory budget (0: the device's free memory). */
    default ModelSession open(Path dir, String device, long budgetBytes) {
        return open(dir, device);
    }

    /** The languages a corpus offers ({@code corpus} null: the demo corpus), grouped by family. */
    List<LanguageRef> languages(Path corpus);

    /** The languages preselected on first start (the paper's ten), those the corpus offers. */
    List<String> defaultLanguages(Path corpus);

    /**
     * What a collection of these languages takes from the corpus: samples and split, e.g. "72 samples, every
     * sample (the corpus defines no splits)"; the demo corpus and corpora with splits give their training split.
     */
    default String selectionSummary(Path corpus, List<String> languages) {
        return languages.size() + " languages";
    }

    /** Whether the corpus has a held-out split (masking experiments measure bits per byte on it). */
    default boolean definesSplits(Path corpus) {
        return true;
    }

    /** Statistics already in the store for this model, corpus and languages, if all are complete. */
    Optional<RoutingStats> cached(ModelSession model, Path corpus, List<String> languages);

    /** Collects routing for the languages still missing; {@code cancelled} is polled between batches. */
    RoutingStats collect(ModelSession model, Path corpus, List<String> languages,
            Consumer<CollectProgress> progress, BooleanSupplier cancelled);

    /**
     * Collects the languages from a vLLM or SGLang server into ids-only runs (docs/remote-engines.md); null when
     * cancelled. The server's model is not the session's: its statistics do not drive steering or masking.
     */
    RemoteRun collectRemote(RemoteOptions options, Path corpus, List<String> languages,
            Consumer<CollectProgress> progress, BooleanSupplier cancelled);

    /** The intervention target meaning "the shared experts" (other targets are language codes). */
    String SHARED_TARGET = MaskingExperiment.SHARED;

    /**
     * Bits per byte of the held-out text of {@code languages} (corpus order), scored by the session's model on
     * its inference thread and cached in the app's routing store, where {@code moescope intervene} finds the
     * same results (same model fingerprint, samples and intervention). Blocks (fingerprint, corpus).
     */
    HeldoutEvaluator heldoutEvaluator(ModelSession model, Path corpus, List<String> languages);

    /**
     * A task metric (multiple-choice accuracy, generation metrics) of the session's model on a task file, cached in
     * the app's store like {@link #heldoutEvaluator} and shared with {@code moescope intervene --metric}; close it
     * after use. {@code languages} null or empty: every record. Blocks (reads the file).
     */
    TaskSpec.Opened taskMetric(ModelSession model, TaskSpec spec, List<String> languages);

    /** A token routed to an expert: decoded text, how often, and the share of its occurrences. */
    record TokenUse(String text, long count, double fraction) {}

    /** Another expert picked together with the expert: P(other | expert) over the collected tokens. */
    record CoActivation(int expert, double probability) {}

    /** From the stored traces: the tokens most routed to an expert and its co-activated experts. */
    record ExpertDetails(List<TokenUse> topTokens, List<CoActivation> coActivated) {}

    ExpertDetails expertDetails(ModelSession model, Path corpus, List<String> languages, int decoderLayer, int expert);

    /**
     * Statistics imported from recorded routing (see {@code moescope import-stats}): a run of aggregates, no traces
     * and no checkpoint.
     *
     * @param languages the imported languages with their names and families (from the bundled language table)
     * @param modelName the model they describe, e.g. Qwen3-30B-A3B
     * @param source    the folder they were read from
     * @param warnings  irregularities accepted while reading (the recorder's count quirk), one line each
     */
    record ImportedStatistics(RoutingStats stats, List<LanguageRef> languages, String modelName, String source, long runId, List<String> warnings) {}

    /**
     * Imports a folder of the paper's recorder output ({@code <lang>.json}) into the app's store, or finds the run
     * an earlier import made; {@code modelName} null: the folder's name. Blocks.
     */
    default ImportedStatistics importStatistics(Path folder, String modelName) {
        throw new UnsupportedOperationException("this backend cannot import statistics");
    }

    /** The same from a server's ids-only runs (expert ids are all it needs). */
    ExpertDetails expertDetails(RemoteRun run, int decoderLayer, int expert);

    /** Parallel text segments of a language in the corpus (for the tokens tab). */
    List<String> segments(Path corpus, String language, int max);

    /** The held-out segments of a language (all of them where the corpus defines no split), for steering prompts. */
    default List<String> heldoutSegments(Path corpus, String language) {
        return segments(corpus, language, 64);
    }
}
