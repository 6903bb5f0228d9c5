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
 * layers, and measure bits per byte on every evaluated language's held-out text. Rows are the masked
 * languages (plus "shared"), columns the evaluated languages; one table per band.
 */
public final class MaskingExperiment {
    /** Row label of the shared-experts mask. */
    public static final String SHARED = "shared";

    private final RoutingStats stats;
    private final HeldoutEvaluator evaluator;
    private final List<LayerClassification> classification;
    private final Map<String, Integer> maskedExpertCounts = new LinkedHashMap<>();

    public MaskingExperiment(RoutingStats stats, HeldoutEvaluator evaluator, int k, double thr) {
        this.stats = stats;
        this.evaluator = evaluator;
        this.classification = ExpertClassification.classify(stats, k, thr);
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
        double[] baseline = bpb(evaluator.evaluate(RouterIntervention.NONE, samplesDone), evaluator.languages());
        List<MaskingDeltaTable> tables = new ArrayList<>();
        for (LayerBand band : bands) {
            tables.add(table(band.id(), band.decoderLayers(stats.moeLayers()), maskedLanguages, withShared, baseline,
                    samplesDone));
        }
        return tables;
    }

    /**
     * One table for any set of decoder layers (e.g. a custom range of MoE layers), named {@code bandId}; the
     * baseline and every masked condition come from the evaluator's cache where present.
     */
    public MaskingDeltaTable run(String bandId, int[] decoderLayers, List<String> maskedLanguages, boolean withShared,
                                 IntConsumer samplesDone) {
        double[] baseline = bpb(evaluator.evaluate(RouterIntervention.NONE, samplesDone), evaluator.languages());
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
                    : MaskSelection.exclusiveExperts(classification, rows.get(m), layers);
            maskedExpertCounts.put(bandId + "/" + rows.get(m), MaskSelection.size(selection));
            masked[m] = bpb(evaluator.evaluate(RouterIntervention.mask(selection), samplesDone), evaluated);
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
