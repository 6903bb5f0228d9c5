package dev.moescope.cli;

import dev.moescope.resources.LanguageTable;
import dev.moescope.routing.experiment.GeneratingModel;
import dev.moescope.routing.experiment.GeneratingModel.Sampling;
import dev.moescope.routing.experiment.InterventionMetric;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.task.ChoiceEvaluator;
import dev.moescope.routing.task.ChoiceItem;
import dev.moescope.routing.task.ChoiceScores.Normalisation;
import dev.moescope.routing.task.GenerationEvaluator;
import dev.moescope.routing.task.GenerationItem;
import dev.moescope.routing.task.LanguageConsistency;
import dev.moescope.routing.task.TaskFields;
import dev.moescope.routing.task.TaskFile;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What intervene and steer-eval measure: held-out bits per byte (default), or a task metric on a JSONL file of
 * multiple-choice or generation records (see docs/task-metrics.md).
 */
final class TaskOptions {

    /** The metric names --metric takes. */
    enum Metric {
        BPB("bpb"), MC_ACCURACY("mc-accuracy"), MC_ACCURACY_TOKEN("mc-accuracy-token"), MC_ACCURACY_BYTE("mc-accuracy-byte"),
        EXACT_MATCH("exact-match"), SUBSTRING_MATCH("substring-match"), LANGUAGE_CONSISTENCY("language-consistency");

        final String cli;

        Metric(String cli) {
            this.cli = cli;
        }

        static Metric parse(String s) {
            for (Metric m : values()) {
                if (m.cli.equals(s.toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            List<String> names = new ArrayList<>();
            for (Metric m : values()) {
                names.add(m.cli);
            }
            throw new IllegalArgumentException("--metric must be one of " + String.join(", ", names) + ", got '" + s + "'");
        }

        boolean multipleChoice() {
            return this == MC_ACCURACY || this == MC_ACCURACY_TOKEN || this == MC_ACCURACY_BYTE;
        }
    }

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

    Metric parsedMetric() {
        Metric m = Metric.parse(metric);
        if (m != Metric.BPB && tasks == null) {
            throw new IllegalArgumentException("--metric " + m.cli + " needs --tasks FILE.jsonl");
        }
        if (m == Metric.BPB && tasks != null) {
            throw new IllegalArgumentException("--tasks is used by the task metrics; choose one with --metric (e.g. mc-accuracy)");
        }
        return m;
    }

    private TaskFields fields() {
        return new TaskFields(promptFields, optionsField, answerField, answerBase, promptField, referencesField, langField, idField);
    }

    /** The task metric on the model (BPB is not one); {@code langs} (may be null) keeps only those records. */
    InterventionMetric metric(RoutingStore store, GeneratingModel model, boolean bos, int batch, List<String> langs,
                              List<AutoCloseable> toClose) {
        Metric m = parsedMetric();
        if (m.multipleChoice()) {
            List<ChoiceItem> items = TaskFile.choices(tasks, fields()).stream()
                    .filter(i -> langs == null || langs.isEmpty() || langs.contains(i.lang())).toList();
            Normalisation n = switch (m) {
                case MC_ACCURACY_TOKEN -> Normalisation.PER_TOKEN;
                case MC_ACCURACY_BYTE -> Normalisation.PER_BYTE;
                default -> Normalisation.SUM;
            };
            return new ChoiceEvaluator(store, model, requireAny(items), bos, batch, n);
        }
        List<GenerationItem> items = TaskFile.generations(tasks, fields()).stream()
                .filter(i -> langs == null || langs.isEmpty() || langs.contains(i.lang())).toList();
        Set<String> expected = new LinkedHashSet<>();
        requireAny(items).forEach(i -> expected.add(i.lang()));
        LanguageConsistency detector = new LanguageConsistency(expected,
                detectAmong == null ? LanguageTable.PAPER_LANGUAGES : detectAmong, lowAccuracyDetector);
        toClose.add(detector);
        Sampling sampling = greedy ? Sampling.greedy(maxNewTokens) : new Sampling(maxNewTokens, temperature, topP, topK, seed);
        GenerationEvaluator.Score score = switch (m) {
            case EXACT_MATCH -> GenerationEvaluator.Score.EXACT_MATCH;
            case SUBSTRING_MATCH -> GenerationEvaluator.Score.SUBSTRING_MATCH;
            default -> GenerationEvaluator.Score.LANGUAGE_CONSISTENCY;
        };
        return new GenerationEvaluator(store, model, items, bos, sampling, detector, score);
    }

    private <T> List<T> requireAny(List<T> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException(tasks + ": no task records of the languages chosen with --langs");
        }
        return items;
    }
}
