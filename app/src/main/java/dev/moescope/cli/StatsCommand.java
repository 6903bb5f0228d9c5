package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.store.ModelInfo;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code moescope stats}: the per-language routing totals of a run. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Print a run's totals per language: tokens, and per MoE layer and expert the activation "
                + "counts and gate value sums.")
public final class StatsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunSelection runSelection;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        OutputFormat f = format.parse();
        try (RoutingStore store = runSelection.openStore()) {
            print(spec.commandLine().getOut(), f, store, runSelection.selectAll(store));
        }
        return 0;
    }

    /**
     * The runs' totals (several runs stacked by language) as JSON or CSV, also {@code export --what stats};
     * refuses a run with nothing collected.
     */
    static void print(PrintWriter out, OutputFormat f, RoutingStore store, List<RunInfo> runs) {
        RoutingStats stats = RunSelection.stats(store, runs);
        if (f == OutputFormat.JSON) {
            OutputFormat.printJson(out, json(stats, store.model(runs.get(0).modelId()), runs));
        } else {
            writeCsv(out, stats, IdsOnlyRuns.weighted(runs));
        }
    }

    private static ObjectNode json(RoutingStats stats, ModelInfo model, List<RunInfo> runs) {
        ObjectNode root = OutputFormat.MAPPER.createObjectNode();
        root.put("model", model.path());
        root.put("fingerprint", model.fingerprint());
        root.put("run", runs.get(0).id());
        root.put("content", runs.get(0).content().dbValue());
        if (runs.size() > 1) {
            ArrayNode ids = root.putArray("runs");
            runs.forEach(r -> ids.add(r.id()));
        }
        ArrayNode layers = root.putArray("moe_layers");
        for (int l : stats.moeLayers()) {
            layers.add(l);
        }
        root.put("num_experts", stats.numExperts());
        root.put("top_k", stats.topK());
        boolean weighted = IdsOnlyRuns.weighted(runs);
        root.put("content", runs.get(0).content().dbValue());
        if (!weighted) {
            root.put("note", IdsOnlyRuns.note(runs)); // gate_values_sum and softmax_entropy_sum are null
        }
        ObjectNode langs = root.putObject("languages");
        for (int l = 0; l < stats.numLanguages(); l++) {
            ObjectNode lang = langs.putObject(stats.languages().get(l));
            lang.put("total_tokens", stats.totalTokens()[l][0]); // every token passes every MoE layer
            ArrayNode act = lang.putArray("activation_tokens");
            ArrayNode gate = weighted ? lang.putArray("gate_values_sum") : null;
            // imported statistics and ids-only runs carry no router entropy: null, not zeros
            ArrayNode entropy = weighted && RunSelection.hasRouterEntropy(runs) ? lang.putArray("softmax_entropy_sum") : null;
            if (!weighted) {
                lang.putNull("gate_values_sum");
            }
            if (entropy == null) {
                lang.putNull("softmax_entropy_sum");
            }
            for (int y = 0; y < stats.numLayers(); y++) {
                ArrayNode a = act.addArray();
                ArrayNode g = weighted ? gate.addArray() : null;
                for (int e = 0; e < stats.numExperts(); e++) {
                    a.add(stats.activationTokens()[l][y][e]);
                    if (weighted) {
                        g.add(stats.gateValuesSum()[l][y][e]);
                    }
                }
                if (entropy != null) {
                    entropy.add(stats.softmaxEntropySum()[l][y]);
                }
            }
        }
        return root;
    }

    /** Ids-only runs leave the gate_values_sum cell empty (not recorded), never 0. */
    private static void writeCsv(PrintWriter out, RoutingStats stats, boolean weighted) {
        out.println("lang,layer,expert,total_tokens,activation_tokens,gate_values_sum");
        for (int l = 0; l < stats.numLanguages(); l++) {
            for (int y = 0; y < stats.numLayers(); y++) {
                for (int e = 0; e < stats.numExperts(); e++) {
                    out.println(OutputFormat.csv(stats.languages().get(l)) + "," + stats.moeLayers()[y] + "," + e + ","
                            + stats.totalTokens()[l][y] + "," + stats.activationTokens()[l][y][e] + ","
                            + (weighted ? String.valueOf(stats.gateValuesSum()[l][y][e]) : ""));
                }
            }
        }
        out.flush();
    }
}
