package dev.moescope.cli;

import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LayerClassification;
import dev.moescope.routing.analysis.RoutingStats;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * --k and --thr: the paper's rule that splits experts into shared and language-exclusive ones (each language's
 * top-k experts by activation frequency, then shares against a threshold).
 */
final class ClassificationRule {

    @Option(names = "--k", defaultValue = "15", description = "top experts kept per language; default: ${DEFAULT-VALUE}")
    int k;

    @Option(names = "--thr", defaultValue = "0.4", description = "share threshold; default: ${DEFAULT-VALUE}")
    double thr;

    /** Shared and exclusive experts of every MoE layer. */
    List<LayerClassification> classify(RoutingStats stats) {
        return ExpertClassification.classify(stats, k, thr);
    }
}
