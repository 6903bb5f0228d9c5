package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.routing.analysis.LabeledMatrix;
import dev.moescope.routing.analysis.MaskingDeltaTable;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.experiment.MaskingExperiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code moescope intervene}: mask language-exclusive or shared experts and measure held-out bits per byte. */
@Command(name = "intervene", mixinStandardHelpOptions = true,
        description = "Mask the experts exclusive to each language or to summed targets (and the shared experts) in bands of MoE layers "
                + "and report bits per byte on every language's held-out text (or, with --metric and --tasks, multiple-"
                + "choice accuracy or generation metrics): a masked x evaluated matrix of changes per band. "
                + "Classification comes from the collected run (k 15, thr 0.4 by default, as the paper's MGSM and "
                + "FLORES scripts; its XQuAD script used k 32, thr 0.5); the mask sets the router logits to -1e9. Results "
                + "are cached in the database. Without "
                + "--bos the first token (which has no context) is not scored, and neither are its bytes.")
public final class InterveneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EvalOptions evalOptions;

    @Mixin
    ClassificationRule rule;

    @Mixin
    FormatOption format;

    @Option(names = "--bands", split = ",", defaultValue = "paper", paramLabel = "BAND",
            description = "layer bands: paper (the paper's MGSM/FLORES ranges 0-4, 22-26, 43-47 of 48), paper-xquad "
                    + "(0-9, 19-28, 38-47 of 48), both scaled to the model's MoE layers (the same fractions of the depth); "
                    + "A-B (decoder layers A to B, inclusive); early, middle, late (quarters) or all; default: ${DEFAULT-VALUE}")
    List<String> bands;

    @Option(names = "--start", paramLabel = "L", description = "first decoder layer of one explicit band (with --end; replaces --bands)")
    Integer start;

    @Option(names = "--end", paramLabel = "L", description = "last decoder layer of that band (inclusive)")
    Integer end;

    @Option(names = "--mask", paramLabel = "a[,b]",
            description = "one row per occurrence: a language whose exclusive experts are masked, or comma-separated "
                    + "targets whose shares are summed (the paper's --target_lang: mask the experts whose summed share "
                    + "> thr), e.g. --mask en,zh --mask de; default: one row per language of the run")
    List<String> mask;

    @Option(names = "--no-shared", description = "leave out the row that masks the shared experts")
    boolean noShared;

    @Override
    public Integer call() {
        OutputFormat f = format.parse();
        try (RunSelection.SelectedRun selected = evalOptions.openRun()) {
            RoutingStats stats = selected.stats();
            List<MaskingExperiment.Band> bandList = start != null || end != null
                    ? List.of(MaskBands.explicit(stats, start, end)) : MaskBands.parse(stats, bands);
            List<String> masked = mask == null || mask.isEmpty() ? stats.languages() : MaskBands.rows(stats, mask);
            evalOptions.evaluate(selected, evaluator -> {
                MaskingExperiment experiment = new MaskingExperiment(stats, evaluator, rule.k, rule.thr);
                ProgressBar bar = new ProgressBar(System.err, "intervene");
                List<MaskingDeltaTable> tables = experiment.runBands(bandList, masked, !noShared, bar.counter(
                        experiment.plannedSamples(bandList.size(), masked, !noShared, evaluator.sampleCount()), "samples scored"));
                bar.finish();
                print(spec.commandLine().getOut(), f, tables, experiment, evaluator.name());
            });
        }
        return 0;
    }

    private static void print(PrintWriter out, OutputFormat f, List<MaskingDeltaTable> tables, MaskingExperiment experiment,
                              String metric) {
        if (f == OutputFormat.JSON) {
            ObjectNode root = OutputFormat.MAPPER.createObjectNode();
            for (MaskingDeltaTable t : tables) {
                ObjectNode band = root.putObject(t.band());
                ObjectNode base = band.putObject("baseline_" + metric);
                for (int x = 0; x < t.evaluatedLanguages().size(); x++) {
                    base.put(t.evaluatedLanguages().get(x), t.baselineBpb()[x]);
                }
                ObjectNode delta = band.putObject("delta_" + metric);
                ObjectNode counts = band.putObject("masked_experts");
                LabeledMatrix d = t.delta();
                for (String m : t.maskedLanguages()) {
                    ObjectNode row = delta.putObject(m);
                    for (String x : t.evaluatedLanguages()) {
                        row.put(x, d.get(m, x));
                    }
                    counts.put(m, experiment.maskedExpertCounts().getOrDefault(t.band() + "/" + m, 0));
                }
            }
            OutputFormat.printJson(out, root);
        } else {
            out.println("band,masked,evaluated,masked_experts,baseline_" + metric + ",masked_" + metric + ",delta_" + metric);
            for (MaskingDeltaTable t : tables) {
                for (int m = 0; m < t.maskedLanguages().size(); m++) {
                    String masked = t.maskedLanguages().get(m);
                    for (int x = 0; x < t.evaluatedLanguages().size(); x++) {
                        out.println(t.band() + "," + masked + "," + t.evaluatedLanguages().get(x) + ","
                                + experiment.maskedExpertCounts().getOrDefault(t.band() + "/" + masked, 0) + ","
                                + t.baselineBpb()[x] + "," + t.maskedBpb()[m][x] + ","
                                + (t.maskedBpb()[m][x] - t.baselineBpb()[x]));
                    }
                }
            }
            out.flush();
        }
    }
}
