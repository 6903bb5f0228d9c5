package dev.moescope.cli;

import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.experiment.SteeringPlan;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;

/** What steer-plan and steer-eval derive steering coefficients from: --target, the layer band, --k and --thr. */
final class SteeringPlanOptions {

    @Option(names = "--target", required = true, split = ",", paramLabel = "en[,zh]", description = "target languages, T1 first")
    List<String> targets;

    @Mixin
    BandOptions band;

    @Mixin
    ClassificationRule rule;

    /** The steering plan for the targets on the chosen band of the run's MoE layers. */
    SteeringPlan derive(RoutingStats stats) {
        return SteeringPlan.derive(stats, targets, band.decoderLayers(stats), rule.k, rule.thr);
    }
}
