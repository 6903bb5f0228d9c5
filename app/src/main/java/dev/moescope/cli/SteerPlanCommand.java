package dev.moescope.cli;

import dev.moescope.routing.analysis.PaperSettings;
import dev.moescope.routing.experiment.SteeringPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code moescope steer-plan}: write a steering file derived from a run's expert classification. */
@Command(name = "steer-plan", mixinStandardHelpOptions = true,
        description = "Derive steering coefficients s for target languages on a band of MoE layers and write a "
                + "steering file ({\"scaled\": {\"lambda\": X, \"experts\": ...}}), applied as z' = z + lambda*s*|z|. "
                + "Defaults are the paper's (steer/vllm_steer_polymath.py with --shared, scripts/run_steer_polymath.sh): "
                + "rule paper, k 20, thr 0.7, lambda 0.022, layers 10-39 of 48 scaled to the model's depth. The paper "
                + "used lambda 0.034 for T1 = zh.")
public final class SteerPlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunSelection runSelection;

    @Mixin
    SteeringPlanOptions planOptions;

    @Option(names = "--lambda", defaultValue = "" + PaperSettings.STEER_LAMBDA,
            description = "steering strength; default: ${DEFAULT-VALUE} (the paper's, for T1 = en)")
    double lambda;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "steering file to write")
    Path out;

    @Override
    public Integer call() throws IOException {
        SteeringPlan plan = planOptions.derive(runSelection.readStats());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        plan.intervention(lambda).write(out);
        int[] band = plan.bandDecoderLayers();
        spec.commandLine().getOut().printf("wrote %s: %d experts in %d of %d band layers (%d-%d), rule %s, targets %s, lambda %s%n",
                out, plan.size(), plan.coefficients().size(), band.length, band[0], band[band.length - 1], plan.rule().id(),
                String.join(",", plan.targets()), lambda);
        if (plan.size() == 0) {
            spec.commandLine().getErr().println("note: no expert qualifies"
                    + (plan.targets().size() == 1 && plan.rule() != dev.moescope.routing.analysis.SteeringExpertRule.AGGREGATE
                    ? " (with one target the paper's rule keeps nothing: its share is always 1; give two targets, or "
                    + "--rule all-languages)" : ""));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
