package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.routing.experiment.SteeringPlan;
import dev.moescope.routing.experiment.SteeringSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code moescope steer-eval}: sweep the steering strength and measure held-out bits per byte. */
@Command(name = "steer-eval", mixinStandardHelpOptions = true,
        description = "Derive steering coefficients for target languages (as steer-plan), apply z' = z + lambda*s*|z| "
                + "on a band of MoE layers for each lambda, and report bits per byte per language (or, with --metric and "
                + "--tasks, multiple-choice accuracy or generation metrics) and its change from the unsteered model. Results are cached in the database. Without --bos the first token (which has no context) "
                + "is not scored, and neither are its bytes.")
public final class SteerEvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EvalOptions evalOptions;

    @Mixin
    SteeringPlanOptions planOptions;

    @Mixin
    FormatOption format;

    @Option(names = "--lambdas", split = ",", defaultValue = "0.01,0.022,0.05,0.1",
            description = "steering strengths to sweep; default: ${DEFAULT-VALUE} (0.022 is the paper's for T1 = en)")
    List<Double> lambdas;

    @Override
    public Integer call() {
        OutputFormat f = format.parse();
        try (RunSelection.SelectedRun selected = evalOptions.openRun()) {
            SteeringPlan plan = planOptions.derive(selected.stats());
            evalOptions.evaluate(selected, evaluator -> {
                SteeringSweep sweep = new SteeringSweep(evaluator);
                ProgressBar bar = new ProgressBar(System.err, "steer-eval");
                List<SteeringSweep.Point> points = sweep.run(plan, lambdas,
                        bar.counter((long) evaluator.sampleCount() * (1 + lambdas.size()), "samples scored"));
                bar.finish();
                print(spec.commandLine().getOut(), f, plan, sweep.languages(), points, evaluator.name());
            });
        }
        return 0;
    }

    private static void print(PrintWriter out, OutputFormat f, SteeringPlan plan, List<String> langs,
                              List<SteeringSweep.Point> points, String metric) {
        if (f == OutputFormat.JSON) {
            ObjectNode root = OutputFormat.MAPPER.createObjectNode();
            root.putPOJO("targets", plan.targets());
            root.putPOJO("band", plan.bandDecoderLayers());
            root.put("steered_experts", plan.size());
            ArrayNode sweep = root.putArray("sweep");
            for (SteeringSweep.Point p : points) {
                ObjectNode n = sweep.addObject();
                n.put("lambda", p.lambda());
                ObjectNode bpb = n.putObject(metric);
                ObjectNode delta = n.putObject("delta_" + metric);
                for (int i = 0; i < langs.size(); i++) {
                    bpb.put(langs.get(i), p.bpb()[i]);
                    delta.put(langs.get(i), p.deltaBpb()[i]);
                }
            }
            OutputFormat.printJson(out, root);
        } else {
            out.println("lambda,lang," + metric + ",delta_" + metric);
            for (SteeringSweep.Point p : points) {
                for (int i = 0; i < langs.size(); i++) {
                    out.println(p.lambda() + "," + langs.get(i) + "," + p.bpb()[i] + "," + p.deltaBpb()[i]);
                }
            }
            out.flush();
        }
    }
}
