package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.routing.analysis.LabeledMatrix;
import dev.moescope.routing.analysis.LayerBand;
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
        description = "Mask the experts exclusive to each language (and the shared experts) in bands of MoE layers "
                + "and report bits per byte on every language's held-out text (or, with --metric and --tasks, multiple-"
                + "choice accuracy or generation metrics): a masked x evaluated matrix of changes per band. Classification comes from the collected run; results are cached in the database. Without "
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

    @Option(names = "--bands", split = ",", defaultValue = "early,middle,late,all",
            description = "layer bands; default: ${DEFAULT-VALUE}")
    List<String> bands;

    @Option(names = "--mask", split = ",", paramLabel = "a,b",
            description = "languages whose exclusive experts are masked (default: every language of the run)")
    List<String> mask;

    @Option(names = "--no-shared", description = "leave out the row that masks the shared experts")
    boolean noShared;

    @Override
    public Integer call() {
        OutputFormat f = format.parse();
        List<LayerBand> bandList = bands.stream().map(LayerBand::parse).toList();
        try (RunSelection.SelectedRun selected = evalOptions.openRun()) {
            RoutingStats stats = selected.stats();
            List<String> masked = mask == null || mask.isEmpty() ? stats.languages() : mask;
            masked.forEach(stats::languageIndex); // clear error for an unknown language
            evalOptions.evaluate(selected, evaluator -> {
                MaskingExperiment experiment = new MaskingExperiment(stats, evaluator, rule.k, rule.thr);
                ProgressBar bar = new ProgressBar(System.err, "intervene");
                List<MaskingDeltaTable> tables = experiment.run(bandList, masked, !noShared, bar.counter(
                        experiment.plannedSamples(bandList, masked, !noShared, evaluator.sampleCount()), "samples scored"));
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
