package dev.moescope.cli;

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
                + "The paper's shared rule: the experts shared over all collected languages that the first target uses, "
                + "with s = its share among the targets (s = 1 for a single target).")
public final class SteerPlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunSelection runSelection;

    @Mixin
    SteeringPlanOptions planOptions;

    @Option(names = "--lambda", defaultValue = "0.02", description = "steering strength; default: ${DEFAULT-VALUE}")
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
        spec.commandLine().getOut().printf("wrote %s: %d experts in %d of %d band layers, lambda %s%n", out,
                plan.size(), plan.coefficients().size(), plan.bandDecoderLayers().length, lambda);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
