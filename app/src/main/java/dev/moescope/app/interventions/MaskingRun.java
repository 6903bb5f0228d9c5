package dev.moescope.app.interventions;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.routing.analysis.LabeledMatrix;
import dev.moescope.routing.analysis.MaskingDeltaTable;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.experiment.HeldoutEvaluator;
import dev.moescope.routing.experiment.InterventionMetric;
import dev.moescope.routing.experiment.MaskingExperiment;
import dev.moescope.routing.task.TaskSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;

/**
 * One masking experiment as the tab asks for it, run by routing's {@link MaskingExperiment} through a
 * {@link HeldoutEvaluator} (or a task metric, when {@code task} is set) on the app's store, so every (model,
 * samples, mask) result is cached and shared with {@code moescope intervene}. Plain Java: it blocks, and the
 * view-model runs it in background work.
 *
 * @param bandName       "early", "middle", "late", "custom", or the decoder range of a paper band such as "22-26"
 * @param decoderLayers  the decoder layers masked (the band's MoE layers)
 * @param targets        languages whose exclusive experts are masked, and/or {@link Backend#SHARED_TARGET}
 * @param task           the task metric measured, or null for held-out bits per byte
 */
public record MaskingRun(RoutingStats stats, Path corpus, String bandName, int[] decoderLayers, List<String> targets,
        int k, double threshold, TaskSpec task) {

    /** Samples done of those planned (cache hits count as done). */
    public interface Progress {
        void samples(int done, int planned);
    }

    /**
     * What came out: the change in bits per byte (rows: targets, shared last; columns: evaluated languages),
     * its title, and how much of it the model had to compute.
     */
    public record Outcome(LabeledMatrix delta, String title, int plannedSamples, int scoredSamples, double seconds,
            List<String> nothingMasked) {
        public boolean fromCache() {
            return scoredSamples == 0;
        }
    }

    public MaskingRun {
        decoderLayers = decoderLayers.clone();
        targets = List.copyOf(targets);
    }

    /** Measured in held-out bits per byte. */
    public MaskingRun(RoutingStats stats, Path corpus, String bandName, int[] decoderLayers, List<String> targets,
            int k, double threshold) {
        this(stats, corpus, bandName, decoderLayers, targets, k, threshold, null);
    }

    private List<String> maskedLanguages() {
        return targets.stream().filter(t -> !Backend.SHARED_TARGET.equals(t)).toList();
    }

    private boolean withShared() {
        return targets.contains(Backend.SHARED_TARGET);
    }

    /** Runs the experiment; null when {@code cancelled} turned true (finished conditions stay cached). */
    public Outcome execute(Backend backend, ModelSession session, Progress progress, BooleanSupplier cancelled) {
        if (task == null) {
            return execute(backend.heldoutEvaluator(session, corpus, stats.languages()), progress, cancelled);
        }
        try (TaskSpec.Opened opened = backend.taskMetric(session, task, null)) {
            return execute(opened.metric(), progress, cancelled);
        }
    }

    private Outcome execute(InterventionMetric evaluator, Progress progress, BooleanSupplier cancelled) {
        long start = System.nanoTime();
        MaskingExperiment experiment = new MaskingExperiment(stats, evaluator, k, threshold);
        int planned = experiment.plannedSamples(1, maskedLanguages(), withShared(), evaluator.sampleCount());
        int[] done = {0};
        IntConsumer samplesDone = n -> {
            done[0] += n;
            progress.samples(done[0], planned);
            if (cancelled.getAsBoolean()) {
                throw new CancellationException(); // between samples: the language being scored is not stored
            }
        };
        MaskingDeltaTable table;
        try {
            table = experiment.run(bandName, decoderLayers, maskedLanguages(), withShared(), samplesDone);
        } catch (CancellationException e) {
            return null;
        }
        List<String> nothingMasked = table.maskedLanguages().stream()
                .filter(row -> experiment.maskedExpertCounts().getOrDefault(bandName + "/" + row, 0) == 0).toList();
        return new Outcome(alignColumns(blankRows(table.delta(), nothingMasked), stats.languages()), title(evaluator.samplesPerLanguage().values()), planned,
                evaluator.scoredSamples(), (System.nanoTime() - start) / 1e9, nothingMasked);
    }

    /**
     * Rows whose mask was empty (no expert of that kind in the band) become NaN, drawn as empty cells: their
     * zeros were not measured, the unmasked model was simply scored again.
     */
    static LabeledMatrix blankRows(LabeledMatrix delta, List<String> rows) {
        double[][] values = new double[delta.rowLabels().size()][]; // [masked row][evaluated language]
        for (int r = 0; r < values.length; r++) {
            values[r] = delta.values()[r].clone();
            if (rows.contains(delta.rowLabels().get(r))) {
                Arrays.fill(values[r], Double.NaN);
            }
        }
        return new LabeledMatrix(delta.rowLabels(), delta.columnLabels(), values);
    }

    /**
     * The columns in the rows' order: a language that is both masked and evaluated has its row and its column at the
     * same position (the diagonal is "masked its own experts"); evaluated languages without a row follow in the order
     * of {@code languages} (the statistics' order, as everywhere in the app), then any others as they came.
     */
    static LabeledMatrix alignColumns(LabeledMatrix m, List<String> languages) {
        List<String> cols = m.columnLabels();
        List<Integer> order = new java.util.ArrayList<>();
        for (String label : java.util.stream.Stream.concat(m.rowLabels().stream(), languages.stream()).toList()) {
            int c = cols.indexOf(label);
            if (c >= 0 && !order.contains(c)) {
                order.add(c);
            }
        }
        for (int c = 0; c < cols.size(); c++) {
            if (!order.contains(c)) {
                order.add(c);
            }
        }
        double[][] values = new double[m.rowLabels().size()][cols.size()]; // [row][column in the new order]
        for (int r = 0; r < values.length; r++) {
            for (int i = 0; i < order.size(); i++) {
                values[r][i] = m.values()[r][order.get(i)];
            }
        }
        return new LabeledMatrix(m.rowLabels(), order.stream().map(cols::get).toList(), values);
    }

    /** The matrix title: what was masked where, the classification (k, thr) and the held-out samples. */
    String title(Collection<Integer> samplesPerLanguage) {
        IntSummaryStatistics n = samplesPerLanguage.stream().mapToInt(Integer::intValue).summaryStatistics();
        String samples = n.getMin() == n.getMax() ? Integer.toString(n.getMin()) : n.getMin() + "–" + n.getMax();
        String what = task == null ? "bits per byte" : task.metric().label();
        String per = task == null ? " held-out samples per language" : " task records per language";
        return "Change in " + what + " (masked − unmasked) · " + bandName + " band, " + layers()
                + " · k=" + k + ", thr=" + new BigDecimal(String.format(Locale.ROOT, "%.2f", threshold)).stripTrailingZeros().toPlainString()
                + " · " + samples + per;
    }

    private String layers() {
        int first = decoderLayers[0];
        int last = decoderLayers[decoderLayers.length - 1];
        return first == last ? "layer " + first : "layers " + first + "–" + last;
    }
}
