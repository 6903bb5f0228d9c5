package dev.moescope.routing.experiment;

import dev.moescope.routing.analysis.BitsPerByte;
import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LayerBand;
import dev.moescope.routing.analysis.LayerClassification;
import dev.moescope.routing.analysis.MaskSelection;
import dev.moescope.routing.analysis.MaskingDeltaTable;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.store.EvalResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Experiment 7: switch off (mask) the experts exclusive to a language, or the shared experts, in a band of MoE
 * layers, and measure bits per byte on every evaluated language's held-out text (or any other
 * {@link InterventionMetric}, e.g. multiple-choice accuracy). Rows are the masked languages (plus "shared"),
 * columns the evaluated languages; one table per band.
 */
public final class MaskingExperiment {
    /** Row label of the shared-experts mask. */
    public static final String SHARED = "shared";

    private final RoutingStats stats;
    private final InterventionMetric evaluator;
    private final List<LayerClassification> classification;
    private final double threshold;
    private final Map<String, Integer> maskedExpertCounts = new LinkedHashMap<>();

    public MaskingExperiment(RoutingStats stats, InterventionMetric evaluator, int k, double thr) {
        this.stats = stats;
        this.evaluator = evaluator;
        this.classification = ExpertClassification.classify(stats, k, thr);
        this.threshold = thr;
    }

    /** Separates the targets of a summed row label, "en+zh". */
    public static final String SUM = "+";

    /** The row label of a mask over targets whose shares are summed, e.g. [en, zh] -&gt; "en+zh". */
    public static String rowLabel(List<String> targets) {
        return String.join(SUM, targets);
    }

    /** A named set of decoder layers to mask in, e.g. "0-4" or "middle". */
    public record Band(String id, int[] decoderLayers) {
    }

    /** Number of forward passes (in samples) a full experiment needs, for progress reporting. */
    public int plannedSamples(List<LayerBand> bands, List<String> maskedLanguages, boolean withShared, int evalSamples) {
        return plannedSamples(bands.size(), maskedLanguages, withShared, evalSamples);
    }

    /** Samples a run over {@code bandCount} bands needs (the baseline once, then every row of every band). */
    public int plannedSamples(int bandCount, List<String> maskedLanguages, boolean withShared, int evalSamples) {
        return evalSamples * (1 + bandCount * (maskedLanguages.size() + (withShared ? 1 : 0)));
    }

    public List<MaskingDeltaTable> run(List<LayerBand> bands, List<String> maskedLanguages, boolean withShared,
                                       IntConsumer samplesDone) {
        return runBands(bands.stream().map(b -> new Band(b.id(), b.decoderLayers(stats.moeLayers()))).toList(),
                maskedLanguages, withShared, samplesDone);
    }

    /**
     * One table per band. A row is a language (its exclusive experts) or targets joined by {@link #SUM}
     * ("en+zh": the experts whose summed share of the targets exceeds thr, as the paper masks "--target_lang en,zh").
     */
    public List<MaskingDeltaTable> runBands(List<Band> bands, List<String> rows, boolean withShared, IntConsumer samplesDone) {
        double[] baseline = evaluator.values(RouterIntervention.NONE, samplesDone);
        List<MaskingDeltaTable> tables = new ArrayList<>();
        for (Band band : bands) {
            tables.add(table(band.id(), band.decoderLayers(), rows, withShared, baseline, samplesDone));
        }
        return tables;
    }

    /**
     * One table for any set of decoder layers (e.g. a custom range of MoE layers), named {@code bandId}; the
     * baseline and every masked condition come from the evaluator's cache where present.
     */
    public MaskingDeltaTable run(String bandId, int[] decoderLayers, List<String> maskedLanguages, boolean withShared,
                                 IntConsumer samplesDone) {
        double[] baseline = evaluator.values(RouterIntervention.NONE, samplesDone);
        return table(bandId, decoderLayers, maskedLanguages, withShared, baseline, samplesDone);
    }

    private MaskingDeltaTable table(String bandId, int[] layers, List<String> maskedLanguages, boolean withShared,
                                    double[] baseline, IntConsumer samplesDone) {
        List<String> evaluated = evaluator.languages();
        List<String> rows = new ArrayList<>(maskedLanguages);
        if (withShared) {
            rows.add(SHARED);
        }
        double[][] masked = new double[rows.size()][];
        for (int m = 0; m < rows.size(); m++) {
            Map<Integer, List<Integer>> selection = rows.get(m).equals(SHARED)
                    ? MaskSelection.sharedExperts(classification, layers)
                    : MaskSelection.targetExperts(classification, List.of(rows.get(m).split(java.util.regex.Pattern.quote(SUM))),
                    threshold, layers);
            maskedExpertCounts.put(bandId + "/" + rows.get(m), MaskSelection.size(selection));
            masked[m] = evaluator.values(RouterIntervention.mask(selection), samplesDone);
        }
        return new MaskingDeltaTable(bandId, rows, evaluated, baseline, masked);
    }

    /** "band/row" -> how many (layer, expert) pairs were masked (0 means the row equals the baseline). */
    public Map<String, Integer> maskedExpertCounts() {
        return maskedExpertCounts;
    }

    static double[] bpb(Map<String, EvalResult> results, List<String> languages) {
        double[] out = new double[languages.size()];
        for (int i = 0; i < out.length; i++) {
            EvalResult r = results.get(languages.get(i));
            out[i] = BitsPerByte.of(r.nllNats(), r.scoredBytes());
        }
        return out;
    }
}
