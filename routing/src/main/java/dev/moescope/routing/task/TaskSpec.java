package dev.moescope.routing.task;

import dev.moescope.routing.experiment.GeneratingModel;
import dev.moescope.routing.experiment.GeneratingModel.Sampling;
import dev.moescope.routing.experiment.InterventionMetric;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.task.ChoiceScores.Normalisation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A task metric as the CLI and the app ask for it: the task file, its field names, which metric, and for generation
 * the decoding settings and the detector's extra candidate languages.
 *
 * @param detectAmong extra candidate languages of the language detector (the records' own are always candidates)
 */
public record TaskSpec(Path file, Metric metric, TaskFields fields, boolean addBos, int batchSize, Sampling sampling,
                       List<String> detectAmong, boolean lowAccuracyDetector) {

    /** The task metrics, by the names the CLI takes. */
    public enum Metric {
        MC_ACCURACY("mc-accuracy", "multiple-choice accuracy (summed log-probability)"),
        MC_ACCURACY_TOKEN("mc-accuracy-token", "multiple-choice accuracy (log-probability per token)"),
        MC_ACCURACY_BYTE("mc-accuracy-byte", "multiple-choice accuracy (log-probability per byte)"),
        EXACT_MATCH("exact-match", "exact match"),
        SUBSTRING_MATCH("substring-match", "substring match"),
        LANGUAGE_CONSISTENCY("language-consistency", "language consistency");

        private final String cliName;
        private final String label;

        Metric(String cliName, String label) {
            this.cliName = cliName;
            this.label = label;
        }

        public String cliName() {
            return cliName;
        }

        /** How a person reads it, e.g. in a chart title. */
        public String label() {
            return label;
        }

        public boolean multipleChoice() {
            return ordinal() <= MC_ACCURACY_BYTE.ordinal();
        }

        /** The metric of a CLI name; the error lists them all. */
        public static Metric parse(String name) {
            for (Metric m : values()) {
                if (m.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                    return m;
                }
            }
            List<String> names = new ArrayList<>();
            for (Metric m : values()) {
                names.add(m.cliName);
            }
            throw new IllegalArgumentException("unknown task metric '" + name + "'; one of " + String.join(", ", names));
        }
    }

    /** The metric and what must be closed after it (the language detector's models). */
    public record Opened(InterventionMetric metric, AutoCloseable resources) implements AutoCloseable {
        @Override
        public void close() {
            try {
                resources.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the task metric: " + e.getMessage(), e);
            }
        }
    }

    public TaskSpec {
        detectAmong = List.copyOf(detectAmong);
    }

    /** Multiple choice or generation on {@code file} with the default fields, the paper's sampling (64 tokens, seed 0). */
    public static TaskSpec of(Path file, Metric metric, List<String> detectAmong) {
        return new TaskSpec(file, metric, TaskFields.defaults(), false, 8, Sampling.paper(64, 0), detectAmong, false);
    }

    /** Reads the task file and builds the metric; {@code langs} (null or empty: all) keeps only those records. */
    public Opened open(RoutingStore store, GeneratingModel model, List<String> langs) {
        boolean all = langs == null || langs.isEmpty();
        if (metric.multipleChoice()) {
            List<ChoiceItem> items = TaskFile.choices(file, fields).stream().filter(i -> all || langs.contains(i.lang())).toList();
            Normalisation n = switch (metric) {
                case MC_ACCURACY_TOKEN -> Normalisation.PER_TOKEN;
                case MC_ACCURACY_BYTE -> Normalisation.PER_BYTE;
                default -> Normalisation.SUM;
            };
            return new Opened(new ChoiceEvaluator(store, model, requireAny(items, langs), addBos, batchSize, n), () -> { });
        }
        List<GenerationItem> items = TaskFile.generations(file, fields).stream().filter(i -> all || langs.contains(i.lang())).toList();
        Set<String> expected = new LinkedHashSet<>();
        requireAny(items, langs).forEach(i -> expected.add(i.lang()));
        LanguageConsistency detector = new LanguageConsistency(expected, detectAmong, lowAccuracyDetector);
        GenerationEvaluator.Score score = switch (metric) {
            case EXACT_MATCH -> GenerationEvaluator.Score.EXACT_MATCH;
            case SUBSTRING_MATCH -> GenerationEvaluator.Score.SUBSTRING_MATCH;
            default -> GenerationEvaluator.Score.LANGUAGE_CONSISTENCY;
        };
        return new Opened(new GenerationEvaluator(store, model, items, addBos, sampling, detector, score), detector);
    }

    private <T> List<T> requireAny(List<T> items, List<String> langs) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException(file + ": no task records of the languages " + langs);
        }
        return items;
    }
}
