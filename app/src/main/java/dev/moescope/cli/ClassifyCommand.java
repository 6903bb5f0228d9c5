package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.routing.analysis.LayerClassification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
    RunSelection runSelection;

    @Mixin
    ClassificationRule rule;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        OutputFormat f = format.parse();
        List<LayerClassification> layers = rule.classify(runSelection.readStats());
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
