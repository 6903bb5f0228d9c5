package dev.moescope.cli;

import dev.moescope.resources.LanguageTable;
import dev.moescope.routing.experiment.GeneratingModel;
import dev.moescope.routing.experiment.GeneratingModel.Sampling;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.task.TaskFields;
import dev.moescope.routing.task.TaskSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * What intervene and steer-eval measure: held-out bits per byte (default), or a task metric on a JSONL file of
 * multiple-choice or generation records (see docs/task-metrics.md).
 */
final class TaskOptions {

    @Option(names = "--metric", defaultValue = "bpb", paramLabel = "NAME",
            description = "bpb (held-out bits per byte); with --tasks: mc-accuracy (summed option log-probability), "
                    + "mc-accuracy-token (per option token), mc-accuracy-byte (per option byte), exact-match, "
                    + "substring-match, language-consistency; default: ${DEFAULT-VALUE}")
    String metric;

    @Option(names = "--tasks", paramLabel = "FILE.jsonl",
            description = "task records: multiple choice (Belebele fields by default) for mc-*, prompts with references and "
                    + "a language for the generation metrics")
    Path tasks;

    @Option(names = "--prompt-fields", split = ",", defaultValue = "flores_passage,question", paramLabel = "a,b",
            description = "multiple choice: fields joined by newlines, then \"\\nAnswer:\"; default: ${DEFAULT-VALUE}")
    List<String> promptFields;

    @Option(names = "--options-field", defaultValue = "mc_answer", paramLabel = "NAME",
            description = "multiple choice: options are NAME1, NAME2, ... (or the array NAME); default: ${DEFAULT-VALUE}")
    String optionsField;

    @Option(names = "--answer-field", defaultValue = "correct_answer_num", paramLabel = "NAME",
            description = "multiple choice: the right option's number; default: ${DEFAULT-VALUE}")
    String answerField;

    @Option(names = "--answer-base", defaultValue = "1", description = "multiple choice: 1 if the answer counts from 1, "
            + "0 if from 0; default: ${DEFAULT-VALUE}")
    int answerBase;

    @Option(names = "--prompt-field", defaultValue = "prompt", paramLabel = "NAME",
            description = "generation: the prompt; default: ${DEFAULT-VALUE}")
    String promptField;

    @Option(names = "--references-field", defaultValue = "references", paramLabel = "NAME",
            description = "generation: reference answer(s), a string or an array; default: ${DEFAULT-VALUE}")
    String referencesField;

    @Option(names = "--lang-field", defaultValue = "dialect", paramLabel = "NAME",
            description = "the record's language (\"lang\" is tried when it is absent); default: ${DEFAULT-VALUE}")
    String langField;

    @Option(names = "--id-field", defaultValue = "id", paramLabel = "NAME", description = "the record's id; default: ${DEFAULT-VALUE}")
    String idField;

    @Option(names = "--greedy", description = "generation: greedy decoding instead of the paper's sampling")
    boolean greedy;

    @Option(names = "--temperature", defaultValue = "0.7", description = "generation: default: ${DEFAULT-VALUE} (the paper's)")
    float temperature;

    @Option(names = "--top-p", defaultValue = "0.8", description = "generation: default: ${DEFAULT-VALUE} (the paper's)")
    float topP;

    @Option(names = "--top-k", defaultValue = "20", description = "generation: 0 for no limit; default: ${DEFAULT-VALUE} (the paper's)")
    int topK;

    @Option(names = "--seed", defaultValue = "0", description = "generation: record i is sampled with seed + i; default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "generation: default: ${DEFAULT-VALUE}")
    int maxNewTokens;

    @Option(names = "--detect-among", split = ",", paramLabel = "a,b",
            description = "language consistency: further candidate languages of the detector (default: the paper's ten, "
                    + "ar, bn, zh, de, en, es, fr, ja, sw, ko; the records' own languages are always candidates)")
    List<String> detectAmong;

    @Option(names = "--low-accuracy-detector",
            description = "language consistency: Lingua's low-accuracy mode (trigram models only: less memory, weaker on short texts)")
    boolean lowAccuracyDetector;

    /** The chosen task metric, or null for bits per byte; checks --tasks goes with it. */
    TaskSpec.Metric parsedMetric() {
        TaskSpec.Metric m = "bpb".equalsIgnoreCase(metric) ? null : parse(metric);
        if (m != null && tasks == null) {
            throw new IllegalArgumentException("--metric " + m.cliName() + " needs --tasks FILE.jsonl");
        }
        if (m == null && tasks != null) {
            throw new IllegalArgumentException("--tasks is used by the task metrics; choose one with --metric (e.g. mc-accuracy)");
        }
        return m;
    }

    private static TaskSpec.Metric parse(String name) {
        try {
            return TaskSpec.Metric.parse(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--metric: " + e.getMessage() + " or bpb", e);
        }
    }

    /** The task metric on the model (--metric must not be bpb); {@code langs} (may be null) keeps only those records. */
    TaskSpec.Opened open(RoutingStore store, GeneratingModel model, boolean bos, int batch, List<String> langs) {
        TaskFields fields = new TaskFields(promptFields, optionsField, answerField, answerBase, promptField, referencesField,
                langField, idField);
        Sampling sampling = greedy ? Sampling.greedy(maxNewTokens) : new Sampling(maxNewTokens, temperature, topP, topK, seed);
        return new TaskSpec(tasks, parsedMetric(), fields, bos, batch, sampling,
                detectAmong == null ? LanguageTable.PAPER_LANGUAGES : detectAmong, lowAccuracyDetector).open(store, model, langs);
    }
}
