package dev.moescope.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.resources.LanguageTable;
import dev.moescope.routing.analysis.ClusterAgreement;
import dev.moescope.routing.analysis.Dendrogram;
import dev.moescope.routing.analysis.DistanceMatrix;
import dev.moescope.routing.analysis.HierarchicalClustering;
import dev.moescope.routing.analysis.LanguageDistances;
import dev.moescope.routing.analysis.Linkage;
import dev.moescope.routing.analysis.RoutingStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code moescope similarity}: language distances from routing, clustering, and agreement with families. */
@Command(name = "similarity", mixinStandardHelpOptions = true,
        description = "Distances between languages' expert-activation distributions over a band of MoE layers "
                + "(Jensen-Shannon or cosine), hierarchical clustering (Newick), and the adjusted Rand index of the "
                + "clusters against language families where the language table knows every language.")
public final class SimilarityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunSelection runSelection;

    @Mixin
    BandOptions bandOptions;

    @Option(names = "--measure", defaultValue = "jsd", description = "jsd or cosine; default: ${DEFAULT-VALUE}")
    String measure;

    @Option(names = "--linkage", defaultValue = "average", description = "average, complete or ward; default: ${DEFAULT-VALUE}")
    String linkage;

    @Option(names = "--format", defaultValue = "json", description = "json, csv (the distance matrix) or newick; default: ${DEFAULT-VALUE}")
    String format;

    @Override
    public Integer call() {
        LanguageDistances.Measure m = switch (measure.toLowerCase(Locale.ROOT)) {
            case "jsd", "js", "jensen-shannon" -> LanguageDistances.Measure.JENSEN_SHANNON;
            case "cosine" -> LanguageDistances.Measure.COSINE;
            default -> throw new IllegalArgumentException("--measure must be jsd or cosine, got '" + measure + "'");
        };
        Linkage link;
        try {
            link = Linkage.valueOf(linkage.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--linkage must be average, complete or ward, got '" + linkage + "'");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (RunSelection.SelectedRun selected = runSelection.open()) {
            RoutingStats stats = selected.stats();
            int[] band = bandOptions.decoderLayers(stats);
            DistanceMatrix d = LanguageDistances.compute(stats, band[0], band[band.length - 1], m);
            String fmt = format.toLowerCase(Locale.ROOT);
            if (fmt.equals("csv")) {
                out.print(d.toLabeledMatrix().toCsv("lang"));
                out.flush();
                return 0;
            }
            Dendrogram tree = stats.numLanguages() >= 2 ? HierarchicalClustering.cluster(d, link) : null;
            if (fmt.equals("newick")) {
                if (tree == null) {
                    throw new IllegalArgumentException("clustering needs at least two languages");
                }
                out.println(tree.toNewick());
                out.flush();
                return 0;
            }
            if (!fmt.equals("json")) {
                throw new IllegalArgumentException("--format must be json, csv or newick, got '" + format + "'");
            }
            ObjectNode root = OutputFormat.MAPPER.createObjectNode();
            root.putPOJO("band", band);
            root.put("measure", m.name().toLowerCase(Locale.ROOT));
            root.putPOJO("languages", d.labels());
            root.putPOJO("distances", d.values());
            if (tree != null) {
                root.put("newick", tree.toNewick());
                LanguageTable table = LanguageTable.demo(); // unknown labels: each its own family
                ClusterAgreement.FamilyAgreement a = ClusterAgreement.withFamilies(tree, table.familyGroups(stats.languages()));
                ObjectNode agreement = root.putObject("family_agreement");
                agreement.put("families", a.familyCount());
                agreement.put("unknown_family_languages", stats.languages().stream().filter(l -> !table.knows(l)).count());
                agreement.put("adjusted_rand_index", a.adjustedRandIndex());
                agreement.put("purity", a.purity());
            }
            OutputFormat.printJson(out, root);
        }
        return 0;
    }
}
