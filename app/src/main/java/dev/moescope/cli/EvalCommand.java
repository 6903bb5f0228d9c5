package dev.moescope.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.train.MoeScorer;
import dev.moescope.bridge.train.MoeSpec;
import dev.moescope.bridge.train.MoeWeights;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.LanguageTable;
import dev.moescope.resources.Segment;
import dev.moescope.routing.analysis.ClusterAgreement;
import dev.moescope.routing.analysis.DistanceMatrix;
import dev.moescope.routing.analysis.HierarchicalClustering;
import dev.moescope.routing.analysis.Linkage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code moescope eval}: held-out bits per byte of a byte-level qwen3_moe checkpoint (articles 25-30 of the
 * UDHR corpus), and two routing figures, each next to two controls computed the same way (the same
 * architecture with untrained seed-0 weights, and plain byte-frequency histograms):
 * <ul>
 *   <li>language identification: each held-out article's expert-usage histogram (top-k counts per MoE layer,
 *       normalised per layer, concatenated) is classified by the nearest (cosine) language centroid of the
 *       training articles;</li>
 *   <li>family agreement: average-linkage clustering of 1 - cosine between per-language mean histograms (all
 *       articles), cut into as many clusters as families, compared with the families by adjusted Rand index.</li>
 * </ul>
 * Prints one JSON line per language and a summary line.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Held-out bits per byte and routing language-ID / family agreement of a byte-level model.")
public final class EvalCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "checkpoint directory (byte-level qwen3_moe)")
    Path model;

    @Option(names = "--corpus", defaultValue = "demo", description = "demo, or a corpus folder / .jsonl; default: ${DEFAULT-VALUE}")
    String corpus;

    @Option(names = "--context", defaultValue = "192", description = "tokens per scoring window; default: ${DEFAULT-VALUE}")
    int context;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads; default: ${DEFAULT-VALUE}")
    int threads;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Corpus c = corpus.equals("demo") ? Corpus.demo() : Corpus.load(Path.of(corpus));
        LanguageTable table = LanguageTable.demo();
        Map<String, String> familyOf = new LinkedHashMap<>();
        Map<String, List<String>> train = new LinkedHashMap<>();
        Map<String, List<String>> heldOut = new LinkedHashMap<>();
        for (String lang : c.languages()) {
            List<String> tr = texts(c.segments(lang, Segment.Split.TRAIN));
            List<String> ho = texts(c.segments(lang, Segment.Split.HELDOUT));
            if (tr.isEmpty() || ho.isEmpty()) {
                continue;
            }
            familyOf.put(lang, table.resolve(lang).family());
            train.put(lang, tr);
            heldOut.put(lang, ho);
        }
        if (train.isEmpty()) {
            throw new IllegalArgumentException("corpus " + c.id() + ": no language has both training and held-out segments");
        }
        TrainDemoCommand.setThreads(threads);
        MoeSpec ms = MoeSpec.from(ModelConfig.read(model), model.resolve("config.json").toString());
        List<String> langs = new ArrayList<>(train.keySet());
        try (NDManager root = NDManager.newBaseManager();
             MoeWeights trained = MoeWeights.load(ms, model, root);
             MoeWeights random = MoeWeights.init(ms, 0, root)) {
            MoeScorer scorer = new MoeScorer(trained, context);
            Map<String, double[]> bpb = new LinkedHashMap<>();   // lang -> {bits, bytes}
            for (String lang : langs) {
                double bits = 0;
                long bytes = 0;
                for (String text : heldOut.get(lang)) {
                    MoeScorer.Score s = scorer.score(root, text);
                    bits += s.bits();
                    bytes += s.bytes();
                }
                bpb.put(lang, new double[] {bits, bytes});
            }
            Map<String, Function<Map<String, List<String>>, Map<String, List<double[]>>>> kinds = new LinkedHashMap<>();
            kinds.put("routing", t -> routingFeatures(root, scorer, t));
            kinds.put("random_routing", t -> routingFeatures(root, new MoeScorer(random, context), t));
            kinds.put("byte_histogram", t -> byteFeatures(t));
            Map<String, Map<String, Integer>> lid = new LinkedHashMap<>();
            Map<String, Double> ari = new LinkedHashMap<>();
            for (var kind : kinds.entrySet()) {
                Map<String, List<double[]>> trainF = kind.getValue().apply(train);
                Map<String, List<double[]>> heldF = kind.getValue().apply(heldOut);
                lid.put(kind.getKey(), EvalFeatures.lidCorrect(trainF, heldF));
                Map<String, double[]> perLang = EvalFeatures.centroids(EvalFeatures.union(trainF, heldF));
                DistanceMatrix d = new DistanceMatrix(langs, EvalFeatures.cosineDistances(langs, perLang));
                ari.put(kind.getKey(), ClusterAgreement.withFamilies(
                        HierarchicalClustering.cluster(d, Linkage.AVERAGE), table.familyGroups(langs)).adjustedRandIndex());
            }
            printLines(o, langs, familyOf, heldOut, bpb, lid, ari);
        }
        return 0;
    }

    private void printLines(PrintWriter o, List<String> langs, Map<String, String> familyOf,
                            Map<String, List<String>> heldOut, Map<String, double[]> bpb,
                            Map<String, Map<String, Integer>> lid, Map<String, Double> ari) {
        double bpbSum = 0;
        int articles = 0;
        Map<String, Integer> correct = new LinkedHashMap<>();
        for (String lang : langs) {
            double[] b = bpb.get(lang);
            ObjectNode n = JSON.createObjectNode();
            n.put("lang", lang);
            n.put("family", familyOf.get(lang));
            n.put("heldout_articles", heldOut.get(lang).size());
            n.put("heldout_bytes", (long) b[1]);
            n.put("bpb", round(b[0] / b[1]));
            ObjectNode l = n.putObject("lid_correct");
            lid.forEach((kind, m) -> {
                l.put(kind, m.get(lang));
                correct.merge(kind, m.get(lang), Integer::sum);
            });
            o.println(n);
            bpbSum += b[0] / b[1];
            articles += heldOut.get(lang).size();
        }
        ObjectNode s = JSON.createObjectNode();
        s.put("summary", true);
        s.put("model", model.toString());
        s.put("languages", langs.size());
        s.put("families", (int) familyOf.values().stream().distinct().count());
        s.put("mean_bpb", round(bpbSum / langs.size()));
        s.put("heldout_articles", articles);
        ObjectNode acc = s.putObject("lid_accuracy");
        int total = articles;
        correct.forEach((kind, n) -> acc.put(kind, round((double) n / total)));
        ObjectNode a = s.putObject("family_ari");
        ari.forEach((kind, v) -> a.put(kind, round(v)));
        o.println(s);
        o.flush();
    }

    private static Map<String, List<double[]>> routingFeatures(NDManager root, MoeScorer scorer,
                                                               Map<String, List<String>> texts) {
        List<String> all = new ArrayList<>();
        texts.values().forEach(all::addAll);
        int[][][] counts = scorer.routingCounts(root, all, 16);
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, List<String>> e : texts.entrySet()) {
            List<double[]> vs = new ArrayList<>();
            for (int k = 0; k < e.getValue().size(); k++) {
                vs.add(MoeScorer.histogram(counts[i++]));
            }
            out.put(e.getKey(), vs);
        }
        return out;
    }

    private static Map<String, List<double[]>> byteFeatures(Map<String, List<String>> texts) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        texts.forEach((lang, ts) -> out.put(lang, ts.stream().map(EvalFeatures::byteHistogram).toList()));
        return out;
    }

    private static List<String> texts(List<Segment> segments) {
        return segments.stream().map(Segment::text).toList();
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
