package dev.moescope.cli;

import dev.moescope.routing.imports.StatisticsImport;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.store.StoredAggregates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code moescope import-stats}: recorded routing statistics of a model become a run of aggregates. */
@Command(name = "import-stats", mixinStandardHelpOptions = true,
        description = "Import recorded routing statistics as a run of aggregates only (no traces, no checkpoint): "
                + "every aggregate analysis (stats, classify, profile, similarity, contrast, steer-plan, the app's "
                + "heatmap, layers and languages views) reads it like a collected run. Format paper-recorder: a folder "
                + "of <lang>.json (or <dataset>_<lang>.json, e.g. mgsm_en.json) files as the paper's recorder writes "
                + "them, {\"<layer>\": {\"<expert>\": {\"activation_tokens\": n, \"gate_values_sum\": x}, ..., "
                + "\"total_tokens\": n}}. Layers, experts and top-k come from the data. Activation sums slightly off "
                + "k x total_tokens (low-precision counting) are accepted with a warning; contradictions are refused.")
public final class ImportStatsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Parameters(index = "0", paramLabel = "DIR", description = "folder of recorder files, one per language")
    Path folder;

    @Option(names = "--format", defaultValue = "paper-recorder", description = "input format; default: ${DEFAULT-VALUE}")
    String format;

    @Option(names = "--model-name", paramLabel = "NAME", description = "the model's name, e.g. Qwen3-30B-A3B; default: the folder's name")
    String modelName;

    @Option(names = "--top-k", paramLabel = "K", description = "the router's top-k; default: inferred from the counts (activations / tokens)")
    Integer topK;

    @Override
    public Integer call() {
        StatisticsImport.Format f = StatisticsImport.Format.parse(format);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (RoutingStore store = database.openOrCreate()) {
            StatisticsImport.Outcome outcome = StatisticsImport.importFolder(store, f, folder, modelName, topK);
            for (String w : outcome.warnings()) {
                err.println("warning: " + w);
            }
            err.flush();
            RunInfo run = outcome.run();
            StoredAggregates agg = outcome.aggregates();
            out.printf("imported run %d (aggregates only, from %s): model %s, %d layers x %d experts, top-%d; "
                            + "languages %s; into %s%n", run.id(), run.source(), store.model(run.modelId()).path(),
                    agg.moeLayers().size(), agg.numExperts(), agg.topK(), String.join(",", agg.languages()), store.file());
            out.flush();
        }
        return 0;
    }
}
