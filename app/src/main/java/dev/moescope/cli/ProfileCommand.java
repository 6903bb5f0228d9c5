package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.routing.analysis.LayerProfile;
import dev.moescope.routing.analysis.LayerwiseProfile;
import dev.moescope.routing.analysis.RoutingStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code moescope profile}: layer-by-layer routing profile of every language. */
@Command(name = "profile", mixinStandardHelpOptions = true,
        description = "Per MoE layer and language: exclusive-expert count, shared-expert count, mean router entropy "
                + "(empty for imported statistics, which do not record it), expert-usage entropy and Jensen-Shannon divergence to a reference language.")
public final class ProfileCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunSelection runSelection;

    @Option(names = "--ref", description = "reference language; default: English (en, or the run's label for it, e.g. eng_Latn)")
    String ref;

    @Mixin
    ClassificationRule rule;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        OutputFormat f = format.parse();
        LayerwiseProfile profile;
        boolean entropy;
        try (RunSelection.SelectedRun selected = runSelection.open()) {
            RoutingStats stats = selected.stats();
            String reference = ref != null ? ref : dev.moescope.resources.LanguageTable.demo()
                    .labelFor(stats.languages(), LayerwiseProfile.DEFAULT_REFERENCE).orElse(LayerwiseProfile.DEFAULT_REFERENCE);
            profile = LayerwiseProfile.of(stats, reference, rule.k, rule.thr);
            boolean weighted = IdsOnlyRuns.weighted(selected.runs());
            if (!weighted) {
                spec.commandLine().getErr().println("note: " + IdsOnlyRuns.note(selected.runs()));
                spec.commandLine().getErr().flush();
            }
            // imported statistics and ids-only runs have no router entropy
            entropy = weighted && RunSelection.hasRouterEntropy(selected.runs());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (f == OutputFormat.JSON) {
            ObjectNode root = OutputFormat.MAPPER.createObjectNode();
            root.put("reference", profile.referenceLanguage());
            root.putPOJO("languages", profile.languages());
            ArrayNode layers = root.putArray("layers");
            for (LayerProfile p : profile.layers()) {
                ObjectNode n = layers.addObject();
                n.put("layer", p.decoderLayer());
                n.put("shared", p.sharedCount());
                n.putPOJO("tokens", p.tokens());
                n.putPOJO("exclusive", p.exclusiveCount());
                if (entropy) {
                    n.putPOJO("mean_router_entropy", p.meanRouterEntropy());
                } else {
                    n.putNull("mean_router_entropy");
                }
                n.putPOJO("usage_entropy", p.usageEntropy());
                n.putPOJO("jsd_to_reference", p.jsdToReference());
            }
            OutputFormat.printJson(out, root);
        } else {
            out.println("layer,lang,tokens,exclusive,shared,mean_router_entropy,usage_entropy,jsd_to_reference");
            for (LayerProfile p : profile.layers()) {
                for (int l = 0; l < profile.languages().size(); l++) {
                    out.println(p.decoderLayer() + "," + OutputFormat.csv(profile.languages().get(l)) + "," + p.tokens()[l]
                            + "," + p.exclusiveCount()[l] + "," + p.sharedCount() + "," + (entropy ? p.meanRouterEntropy()[l] : "") + ","
                            + p.usageEntropy()[l] + "," + p.jsdToReference()[l]);
                }
            }
            out.flush();
        }
        return 0;
    }
}
