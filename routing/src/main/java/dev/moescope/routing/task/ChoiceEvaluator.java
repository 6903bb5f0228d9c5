package dev.moescope.routing.task;

import dev.moescope.bridge.RouterIntervention;

import dev.moescope.routing.experiment.InterventionMetric;
import dev.moescope.routing.experiment.ScoringModel;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.TaskResult;
import dev.moescope.routing.task.ChoiceScores.Normalisation;
import dev.moescope.routing.task.ChoiceScores.OptionScore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Multiple-choice accuracy by log-likelihood per language under an intervention, cached in the store (table
 * task_results, metric "mc") by model fingerprint, intervention hash and the records of each language.
 *
 * <p>Each option is scored on the sequence {@code [BOS] encode(prompt) ++ encode(option)}: the sum of
 * {@code ln p(token | everything before it)} over the option's tokens. Prompt and option are encoded separately, so
 * every option follows the same prompt tokens. One cached result holds the correct counts under all three
 * {@link Normalisation}s; {@link #values} reports the one this evaluator was made for.
 */
public final class ChoiceEvaluator implements InterventionMetric {
    /** Metric family in the store. */
    static final String METRIC = "mc";

    private final RoutingStore store;
    private final ScoringModel model;
    private final long modelId;
    private final boolean addBos;
    private final int batchSize;
    private final Normalisation normalisation;
    private final Map<String, List<ChoiceItem>> byLanguage;
    private final Map<String, String> taskKeys;
    private int scoredSamples;

    public ChoiceEvaluator(RoutingStore store, ScoringModel model, List<ChoiceItem> items, boolean addBos, int batchSize,
                           Normalisation normalisation) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (addBos && model.bosId() == null) {
            throw new IllegalArgumentException(model.modelInfo().path() + ": the model defines no BOS token; drop --bos");
        }
        this.store = store;
        this.model = model;
        this.modelId = store.putModel(model.modelInfo());
        this.addBos = addBos;
        this.batchSize = batchSize;
        this.normalisation = normalisation;
        this.byLanguage = TaskKeys.byLanguage(items, ChoiceItem::lang);
        this.taskKeys = TaskKeys.keys(byLanguage, "mc|bos=" + addBos, item -> String.join("\u0000", item.id(),
                item.prompt(), String.join("\u0001", item.options()), Integer.toString(item.answer())));
    }

    @Override
    public String name() {
        return switch (normalisation) {
            case SUM -> "mc-accuracy";
            case PER_TOKEN -> "mc-accuracy-token";
            case PER_BYTE -> "mc-accuracy-byte";
        };
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
        return byLanguage.values().stream().mapToInt(List::size).sum();
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
        return languages().stream().mapToDouble(l -> r.get(l).share(normalisation.count())).toArray();
    }

    /** Per language: records and correct counts under every normalisation; computed only where not cached. */
    public Map<String, TaskResult> evaluate(RouterIntervention intervention, IntConsumer samplesDone) {
        return TaskKeys.cached(store, modelId, intervention, METRIC, byLanguage, taskKeys, samplesDone,
                (lang, items) -> score(lang, items, intervention, samplesDone));
    }

    private TaskResult score(String lang, List<ChoiceItem> items, RouterIntervention intervention, IntConsumer samplesDone) {
        Map<String, Double> counts = new LinkedHashMap<>();
        for (Normalisation n : Normalisation.values()) {
            counts.put(n.count(), 0.0);
        }
        double answerLogProb = 0;
        for (int from = 0; from < items.size(); from += batchSize) {
            List<ChoiceItem> batch = items.subList(from, Math.min(items.size(), from + batchSize));
            List<List<OptionScore>> scores = optionScores(batch, intervention);
            for (int i = 0; i < batch.size(); i++) {
                for (Normalisation n : Normalisation.values()) {
                    if (ChoiceScores.predict(scores.get(i), n) == batch.get(i).answer()) {
                        counts.merge(n.count(), 1.0, Double::sum);
                    }
                }
                answerLogProb += scores.get(i).get(batch.get(i).answer()).logProb();
            }
            scoredSamples += batch.size();
            samplesDone.accept(batch.size());
        }
        counts.put("answer_logprob_sum", answerLogProb);
        return new TaskResult(lang, items.size(), counts);
    }

    /**
     * Every option's score of each record under the intervention (steering JSON, "{}" for none), in one forward
     * batch of all their sequences (not cached).
     */
    public List<List<OptionScore>> optionScores(List<ChoiceItem> items, RouterIntervention intervention) {
        List<int[]> inputs = new ArrayList<>();
        List<int[]> spans = new ArrayList<>(); // per sequence: {first option token position, option tokens}
        for (ChoiceItem item : items) {
            int[] prompt = prompt(item);
            for (String option : item.options()) {
                int[] opt = model.encode(option);
                if (opt.length == 0) {
                    throw new IllegalArgumentException(item.id() + ": option \"" + option + "\" encodes to no tokens");
                }
                int[] seq = new int[prompt.length + opt.length];
                System.arraycopy(prompt, 0, seq, 0, prompt.length);
                System.arraycopy(opt, 0, seq, prompt.length, opt.length);
                inputs.add(seq);
                spans.add(new int[] {prompt.length, opt.length});
            }
        }
        List<float[]> logProbs = model.nextTokenLogProbs(inputs, intervention);
        List<List<OptionScore>> out = new ArrayList<>();
        int s = 0;
        for (ChoiceItem item : items) {
            List<OptionScore> scores = new ArrayList<>();
            for (String option : item.options()) {
                float[] lp = logProbs.get(s); // [T-1]: lp[t] = ln p(seq[t+1] | seq[0..t])
                int first = spans.get(s)[0];
                int n = spans.get(s)[1];
                double sum = 0;
                for (int t = first; t < first + n; t++) {
                    sum += lp[t - 1];
                }
                scores.add(new OptionScore(sum, n, option.getBytes(StandardCharsets.UTF_8).length));
                s++;
            }
            out.add(scores);
        }
        return out;
    }

    private int[] prompt(ChoiceItem item) {
        int[] ids = model.encode(item.prompt());
        if (addBos) {
            int[] withBos = new int[ids.length + 1];
            withBos[0] = model.bosId();
            System.arraycopy(ids, 0, withBos, 1, ids.length);
            ids = withBos;
        }
        if (ids.length == 0) {
            throw new IllegalArgumentException(item.id() + ": the prompt encodes to no tokens, so the first option token"
                    + " has no context; use --bos or give a prompt");
        }
        return ids;
    }
}
