package dev.moescope.cli;

import dev.moescope.routing.analysis.PaperSettings;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.analysis.SteeringExpertRule;
import dev.moescope.routing.experiment.SteeringPlan;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * What steer-plan and steer-eval derive steering coefficients from: --target, --rule, the layer band, --k and --thr,
 * with the paper's settings as defaults (k 20, thr 0.7, the band of layers 10-39 of 48 scaled to the model's depth).
 */
final class SteeringPlanOptions {

    @Option(names = "--target", required = true, split = ",", paramLabel = "en[,zh]",
            description = "target languages, T1 (the language steered toward) first, e.g. en,zh as in the paper")
    List<String> targets;

    @Option(names = "--rule", defaultValue = "paper", paramLabel = "paper|all-languages|aggregate",
            description = "which experts to steer. paper (default; the paper's get_target_shared_experts): classify "
                    + "over the targets only, keep an expert when any share > 0 and all shares < thr, s = T1's share; "
                    + "with one target it keeps nothing. all-languages: the shared experts over every collected "
                    + "language that T1 uses, s = T1's share among the targets (on the paper's Qwen3-30B-A3B data, en,zh, "
                    + "k 20, thr 0.7, layers 10-39: 523 experts where the paper's rule steers 420). aggregate (the "
                    + "paper's aggregate_experts): the targets' summed share over every language >= thr, s = that sum")
    String rule;

    @Option(names = "--start", paramLabel = "L", description = "first decoder layer of the band (inclusive)")
    Integer start;

    @Option(names = "--end", paramLabel = "L", description = "last decoder layer of the band (inclusive)")
    Integer end;

    @Option(names = "--band", paramLabel = "early|middle|late|all",
            description = "a named band of MoE layers instead of --start/--end; default: the paper's band, layers 10-39 "
                    + "of 48, scaled to the model's MoE layers (the same fractions of the depth)")
    String band;

    @Option(names = "--k", defaultValue = "" + PaperSettings.STEER_TOP_K,
            description = "top experts kept per language; default: ${DEFAULT-VALUE} (the paper's steering script)")
    int k;

    @Option(names = "--thr", defaultValue = "" + PaperSettings.STEER_THRESHOLD,
            description = "share threshold; default: ${DEFAULT-VALUE} (the paper's steering script)")
    double thr;

    /** The steering plan for the targets on the chosen band of the run's MoE layers. */
    SteeringPlan derive(RoutingStats stats) {
        int[] paperBand = PaperSettings.STEER_BAND.decoderLayers(stats.moeLayers());
        int[] layers = BandOptions.resolve(stats, start, end, band, paperBand);
        return SteeringPlan.derive(stats, SteeringExpertRule.parse(rule), targets, layers, k, thr);
    }
}
