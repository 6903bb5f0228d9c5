package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LayerClassification;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.store.RoutingStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code moescope classify}: shared and language-exclusive experts per MoE layer. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify the experts of every MoE layer as shared or exclusive to a language (the paper's "
                + "rule: each language's top-k experts by activation frequency, then shares against a threshold).")
public final class ClassifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions storeOptions;

    @Option(names = "--k", defaultValue = "15", description = "top experts kept per language; default: ${DEFAULT-VALUE}")
    int k;

    @Option(names = "--thr", defaultValue = "0.4", description = "share threshold; default: ${DEFAULT-VALUE}")
    double thr;

    @Option(names = "--format", defaultValue = "json", description = "json or csv; default: ${DEFAULT-VALUE}")
    String format;

    @Override
    public Integer call() {
        OutputFormat f = OutputFormat.parse(format);
        List<LayerClassification> layers;
        try (RoutingStore store = storeOptions.open()) {
            RoutingStats stats = StoreOptions.stats(store, storeOptions.selectRun(store));
            layers = ExpertClassification.classify(stats, k, thr);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (f == OutputFormat.JSON) {
            ObjectNode root = OutputFormat.MAPPER.createObjectNode();
            for (LayerClassification layer : layers) {
                ObjectNode node = root.putObject(String.valueOf(layer.decoderLayer()));
                node.putPOJO("shared", layer.sharedExperts());
                ObjectNode exclusive = node.putObject("exclusive");
                for (String lang : layer.languages()) {
                    exclusive.putPOJO(lang, layer.exclusiveExperts(lang));
                }
            }
            OutputFormat.printJson(out, root);
        } else {
            out.println("layer,kind,lang,expert");
            for (LayerClassification layer : layers) {
                for (int e : layer.sharedExperts()) {
                    out.println(layer.decoderLayer() + ",shared,," + e);
                }
                for (String lang : layer.languages()) {
                    for (int e : layer.exclusiveExperts(lang)) {
                        out.println(layer.decoderLayer() + ",exclusive," + OutputFormat.csv(lang) + "," + e);
                    }
                }
            }
            out.flush();
        }
        return 0;
    }
}
