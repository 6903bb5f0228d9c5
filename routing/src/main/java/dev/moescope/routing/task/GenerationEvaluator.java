package dev.moescope.routing.task;

import dev.moescope.bridge.RouterIntervention;

import dev.moescope.routing.experiment.GeneratingModel;
import dev.moescope.routing.experiment.GeneratingModel.Sampling;
import dev.moescope.routing.experiment.InterventionMetric;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.TaskResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Generation metrics per language under an intervention, cached in the store (table task_results, metric
 * "generation:" + decoding settings + detector) by model fingerprint, intervention hash and the records of each
 * language: exact match and substring match against the references (over the records that have any), and
 * language consistency (the paper's FLORES metric: the share of generations detected as the record's language).
 *
 * <p>Sampled decoding is seeded per record: record i of {@code items} (0-based, all languages) uses seed + i, so a
 * generation repeats whichever metric or intervention it is evaluated for.
 */
public final class GenerationEvaluator implements InterventionMetric {
    /** Which of the generation metrics {@link #values} reports. */
    public enum Score {
        EXACT_MATCH("exact-match", "exact", "with_references"),
        SUBSTRING_MATCH("substring-match", "substring", "with_references"),
        LANGUAGE_CONSISTENCY("language-consistency", "consistent", null);

        private final String cliName;
        private final String count;
        private final String denominator; // null: all records

        Score(String cliName, String count, String denominator) {
            this.cliName = cliName;
            this.count = count;
            this.denominator = denominator;
        }

        public String cliName() {
            return cliName;
        }

        /** The score of a stored result: its count over the records it applies to (NaN for none). */
        public double of(TaskResult r) {
            double den = denominator == null ? r.samples() : r.counts().get(denominator);
            return den == 0 ? Double.NaN : r.counts().get(count) / den;
        }
    }

    /** One record's outcome. */
    public record Outcome(GenerationItem item, String text, String detected, boolean exact, boolean substring,
                          boolean consistent) {
    }

    private final RoutingStore store;
    private final GeneratingModel model;
    private final long modelId;
    private final boolean addBos;
    private final Sampling sampling;
    private final LanguageConsistency detector;
    private final Score score;
    private final Map<String, List<GenerationItem>> byLanguage;
    private final Map<GenerationItem, Integer> ordinal = new java.util.IdentityHashMap<>();
    private final Map<String, String> taskKeys;
    private final String metric;
    private int scoredSamples;

    public GenerationEvaluator(RoutingStore store, GeneratingModel model, List<GenerationItem> items, boolean addBos,
                               Sampling sampling, LanguageConsistency detector, Score score) {
        if (addBos && model.bosId() == null) {
            throw new IllegalArgumentException(model.modelInfo().path() + ": the model defines no BOS token; drop --bos");
        }
        this.store = store;
        this.model = model;
        this.modelId = store.putModel(model.modelInfo());
        this.addBos = addBos;
        this.sampling = sampling;
        this.detector = detector;
        this.score = score;
        for (int i = 0; i < items.size(); i++) {
            ordinal.put(items.get(i), i);
        }
        this.byLanguage = TaskKeys.byLanguage(items, GenerationItem::lang);
        this.taskKeys = TaskKeys.keys(byLanguage, "generation|bos=" + addBos, item -> String.join("\u0000", item.id(),
                Integer.toString(ordinal.get(item)), item.prompt(), String.join("\u0001", item.references())));
        this.metric = "generation:" + sampling.key() + ",detector=" + detector.key();
    }

    @Override
    public String name() {
        return score.cliName();
    }

    @Override
    public boolean higherIsBetter() {
        return true;
    }

    @Override
    public List<String> languages() {
        return List.copyOf(byLanguage.keySet());
    }

    @Override
    public int sampleCount() {
        return ordinal.size();
    }

    @Override
    public Map<String, Integer> samplesPerLanguage() {
        return TaskKeys.sizes(byLanguage);
    }

    @Override
    public int scoredSamples() {
        return scoredSamples;
    }

    @Override
    public double[] values(RouterIntervention intervention, IntConsumer samplesDone) {
        Map<String, TaskResult> r = evaluate(intervention, samplesDone);
        return languages().stream().mapToDouble(l -> score.of(r.get(l))).toArray();
    }

    /** Per language: records and the counts of every generation metric; generated only where not cached. */
    public Map<String, TaskResult> evaluate(RouterIntervention intervention, IntConsumer samplesDone) {
        return TaskKeys.cached(store, modelId, intervention, metric, byLanguage, taskKeys, samplesDone,
                (lang, items) -> tally(lang, items, intervention, samplesDone));
    }

    private TaskResult tally(String lang, List<GenerationItem> items, RouterIntervention intervention, IntConsumer samplesDone) {
        Map<String, Double> counts = new LinkedHashMap<>();
        counts.put("with_references", 0.0);
        counts.put("exact", 0.0);
        counts.put("substring", 0.0);
        counts.put("consistent", 0.0);
        for (GenerationItem item : items) {
            Outcome o = generate(item, intervention);
            counts.merge("with_references", item.references().isEmpty() ? 0.0 : 1.0, Double::sum);
            counts.merge("exact", o.exact() ? 1.0 : 0.0, Double::sum);
            counts.merge("substring", o.substring() ? 1.0 : 0.0, Double::sum);
            counts.merge("consistent", o.consistent() ? 1.0 : 0.0, Double::sum);
            scoredSamples++;
            samplesDone.accept(1);
        }
        return new TaskResult(lang, items.size(), counts);
    }

    /** Generates one record's answer under the intervention and scores it (not cached). */
    public Outcome generate(GenerationItem item, RouterIntervention intervention) {
        int[] ids = model.encode(item.prompt());
        if (addBos) {
            int[] withBos = new int[ids.length + 1];
            withBos[0] = model.bosId();
            System.arraycopy(ids, 0, withBos, 1, ids.length);
            ids = withBos;
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException(item.id() + ": the prompt encodes to no tokens; use --bos or give a prompt");
        }
        Integer i = ordinal.get(item);
        Sampling s = sampling.isGreedy() || i == null ? sampling : sampling.withSeed(sampling.seed() + i);
        String text = model.generate(ids, s, intervention);
        String detected = detector.detect(text);
        return new Outcome(item, text, detected, GenerationScores.exactMatch(text, item.references()),
                GenerationScores.substringMatch(text, item.references()), detected.equals(detector.expectedCode(item.lang())));
    }
}
