package dev.moescope.cli;

import ai.djl.ndarray.NDManager;
import dev.moescope.bridge.train.MoeScorer;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.LanguageTable;
import dev.moescope.routing.analysis.ClusterAgreement;
import dev.moescope.routing.analysis.DistanceMatrix;
import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.HierarchicalClustering;
import dev.moescope.routing.analysis.Linkage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code moescope eval}: issue 14's protocol for a qwen3_moe checkpoint (byte-level or subword).
 * <ul>
 *   <li>bits per byte: every held-out article (25-30) and every training segment (preamble, 1-24) scored on its
 *       own from {@code <|bos|>}, whole when it fits the context, else in consecutive chunks each from
 *       {@code <|bos|>} ({@link MoeScorer}); no {@code <|eos|>}; per language -sum log2 p over its articles'
 *       tokens / their UTF-8 bytes; means over the paper's ten languages and over all;</li>
 *   <li>optionally a second checkpoint under the same protocol, and xz / 7-Zip PPMd given the training text
 *       ({@link EvalCompressors});</li>
 *   <li>routing language ID and family agreement ({@link EvalFeatures}) of the trained routing, next to untrained
 *       seed-0 routing, byte-frequency and (subword models) token-frequency histograms;</li>
 *   <li>the layerwise profile ({@link EvalProfile}) of the training split's routing.</li>
 * </ul>
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Held-out bits per byte (each article from <|bos|>), routing controls and the layerwise "
                + "profile of a qwen3_moe checkpoint (byte-level or subword).")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "checkpoint directory (qwen3_moe, all layers MoE)")
    Path model;

    @Option(names = "--compare", description = "a second checkpoint scored under the same protocol, printed beside")
    Path compare;

    @Option(names = "--corpus", defaultValue = "demo", description = "demo, or a corpus folder / .jsonl; default: ${DEFAULT-VALUE}")
    String corpus;

    @Option(names = "--context", description = "tokens per window, bos included; default: the checkpoint's "
            + "max_position_embeddings")
    Integer context;

    @Option(names = "--compressors", description = "also xz -9e and 7-Zip PPMd order 8 given the training text "
            + "(a minute or two; a compressor that is not installed is skipped)")
    boolean compressors;

    @Option(names = "--k", description = "top experts per language for the profile; default: the app's default (the paper's "
            + ExpertClassification.DEFAULT_TOP_K + " of 128 experts scaled to the model's: 4 of 32) and the unscaled "
            + ExpertClassification.DEFAULT_TOP_K + " when it is below the experts per layer")
    Integer k;

    @Option(names = "--thr", defaultValue = "" + ExpertClassification.DEFAULT_THRESHOLD,
            description = "share threshold for the profile; default: ${DEFAULT-VALUE} (the app's)")
    double thr;

    @Option(names = "--profile-langs", defaultValue = "paper", description = "languages of the profile: paper (the "
            + "app's default ten), all, or a comma list (en among them); default: ${DEFAULT-VALUE}")
    String profileLangs;

    @Option(names = "--json", description = "also write the results as JSON to this file")
    Path json;

    @Option(names = "--batch-tokens", defaultValue = "4096", description = "positions per forward batch; default: ${DEFAULT-VALUE}")
    int batchTokens;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads; default: ${DEFAULT-VALUE}")
    int threads;

    /** Held-out and training-split scores of one checkpoint. */
    record ModelScores(String dir, String tokenizer, int context, int layers, int experts, int topK,
                       Map<String, List<EvalCheckpoint.Scored>> heldOut, Map<String, List<EvalCheckpoint.Scored>> train) {
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EvalTexts texts = EvalTexts.of(corpus.equals("demo") ? Corpus.demo() : Corpus.load(Path.of(corpus)));
        LanguageTable table = LanguageTable.demo();
        TrainDemoCommand.setThreads(threads);
        List<String> profiled = profileLanguages(texts);
        EvalReport report = new EvalReport(texts, table);
        try (NDManager root = NDManager.newBaseManager()) {
            try (EvalCheckpoint main = EvalCheckpoint.open(model, context, false, root)) {
                ModelScores scores = score(root, main, texts, err);
                report.model(scores);
                routingControls(root, main, scores, texts, table, report, err);
                profiles(scores, profiled, report);
            }
            if (compare != null) {
                try (EvalCheckpoint other = EvalCheckpoint.open(compare, context, false, root)) {
                    report.compare(score(root, other, texts, err));
                }
            }
        }
        if (compressors) {
            report.compressors(compress(texts, report, err));
        }
        report.print(o);
        if (json != null) {
            report.writeJson(json);
            o.println("wrote " + json);
        }
        o.flush();
        return 0;
    }

    private ModelScores score(NDManager root, EvalCheckpoint c, EvalTexts texts, PrintWriter err) {
        long start = System.nanoTime();
        Map<String, List<EvalCheckpoint.Scored>> held = c.score(root, texts.split(true), batchTokens);
        Map<String, List<EvalCheckpoint.Scored>> train = c.score(root, texts.split(false), batchTokens);
        err.printf("scored %s (held-out and training split) in %.0f s%n", c.dir(), (System.nanoTime() - start) / 1e9);
        err.flush();
        return new ModelScores(c.dir().toString(), c.tokenizerLabel(), c.context(), c.spec().layers(),
                c.spec().experts(), c.spec().topK(), held, train);
    }

    private void routingControls(NDManager root, EvalCheckpoint main, ModelScores scores, EvalTexts texts,
                                 LanguageTable table, EvalReport report, PrintWriter err) {
        Map<String, Function<Boolean, Map<String, List<double[]>>>> kinds = new LinkedHashMap<>();
        kinds.put("routing", held -> routingFeatures(held ? scores.heldOut() : scores.train()));
        Map<Boolean, Map<String, List<EvalCheckpoint.Scored>>> random = new LinkedHashMap<>();
        long start = System.nanoTime();
        try (EvalCheckpoint untrained = EvalCheckpoint.open(main.dir(), main.context(), true, root)) {
            random.put(true, untrained.score(root, texts.split(true), batchTokens));
            random.put(false, untrained.score(root, texts.split(false), batchTokens));
        }
        err.printf("scored the untrained control in %.0f s%n", (System.nanoTime() - start) / 1e9);
        kinds.put("random_routing", held -> routingFeatures(random.get(held)));
        kinds.put("byte_histogram", held -> map(texts.split(held), EvalFeatures::byteHistogram));
        if (!main.byteLevel()) {
            int vocab = main.spec().vocabSize();
            kinds.put("token_histogram", held -> map(texts.split(held),
                    t -> EvalFeatures.tokenHistogram(main.encode(t), vocab)));
        }
        List<String> langs = texts.languages();
        for (var kind : kinds.entrySet()) {
            Map<String, List<double[]>> trainF = kind.getValue().apply(false);
            Map<String, List<double[]>> heldF = kind.getValue().apply(true);
            Map<String, double[]> perLang = EvalFeatures.centroids(EvalFeatures.union(trainF, heldF));
            DistanceMatrix d = new DistanceMatrix(langs, EvalFeatures.cosineDistances(langs, perLang));
            double ari = ClusterAgreement.withFamilies(HierarchicalClustering.cluster(d, Linkage.AVERAGE),
                    table.familyGroups(langs)).adjustedRandIndex();
            report.control(kind.getKey(), EvalFeatures.lidCorrect(trainF, heldF), ari);
        }
    }

    /** The languages of --profile-langs, checked before anything is scored. */
    private List<String> profileLanguages(EvalTexts texts) {
        List<String> langs = switch (profileLangs) {
            case "paper" -> LanguageTable.PAPER_LANGUAGES.stream().filter(texts.languages()::contains).toList();
            case "all" -> texts.languages();
            default -> Arrays.stream(profileLangs.split(",")).map(String::trim).toList();
        };
        for (String lang : langs) {
            if (!texts.languages().contains(lang)) {
                throw new IllegalArgumentException("--profile-langs: " + lang + " is not a language of the corpus "
                        + "with training and held-out text");
            }
        }
        if (!langs.contains("en")) {
            throw new IllegalArgumentException("--profile-langs: the profile measures divergence to en, which is not"
                    + " among " + langs);
        }
        return langs;
    }

    private void profiles(ModelScores scores, List<String> langs, EvalReport report) {
        Map<String, int[][]> counts = new LinkedHashMap<>();
        for (String lang : langs) {
            List<EvalCheckpoint.Scored> segs = scores.train().get(lang);
            int[][] sum = new int[scores.layers()][scores.experts()];
            for (EvalCheckpoint.Scored s : segs) {
                for (int l = 0; l < sum.length; l++) {
                    for (int e = 0; e < sum[l].length; e++) {
                        sum[l][e] += s.score().expertCounts()[l][e];
                    }
                }
            }
            counts.put(lang, sum);
        }
        List<Integer> ks = new ArrayList<>();
        if (k != null) {
            ks.add(k);
        } else {
            // the app's default (15 of 128 experts scaled to the model), then the unscaled 15 for comparison
            ks.add(ExpertClassification.defaultTopK(scores.experts()));
            if (ks.get(0) != ExpertClassification.DEFAULT_TOP_K && ExpertClassification.DEFAULT_TOP_K < scores.experts()) {
                ks.add(ExpertClassification.DEFAULT_TOP_K);
            }
        }
        for (int kk : ks) {
            report.profile(EvalProfile.of(counts, scores.topK(), "en", kk, thr));
        }
    }

    private Map<String, Map<String, double[]>> compress(EvalTexts texts, EvalReport report, PrintWriter err) {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();   // compressor -> lang -> {bits, bytes}
        Path work;
        try {
            work = Files.createTempDirectory("moescope-eval");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder: " + e.getMessage(), e);
        }
        try {
            List<String> missing = new ArrayList<>();
            for (EvalCompressors.Compressor c : EvalCompressors.available(work, missing)) {
                long start = System.nanoTime();
                try {
                    out.put(c.name(), compress(c, texts));
                } catch (RuntimeException e) {   // the model's figures are not lost to a compressor's failure
                    missing.add(c.name() + " (failed: " + e.getMessage() + ")");
                }
                err.printf("%s: %.0f s%n", c.name(), (System.nanoTime() - start) / 1e9);
                err.flush();
            }
            missing.forEach(m -> report.note("skipped " + m));
        } finally {
            deleteQuietly(work);
        }
        return out;
    }

    /** Language to {bits, bytes} of its held-out articles given its training text. */
    private static Map<String, double[]> compress(EvalCompressors.Compressor c, EvalTexts texts) {
        Map<String, double[]> perLang = new LinkedHashMap<>();
        for (String lang : texts.languages()) {
            List<byte[]> articles = texts.heldOut().get(lang).stream()
                    .map(t -> t.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
            double[] bits = EvalCompressors.conditionalBits(c, EvalCompressors.context(texts.train().get(lang)), articles);
            perLang.put(lang, new double[] {Arrays.stream(bits).sum(), articles.stream().mapToInt(a -> a.length).sum()});
        }
        return perLang;
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind
        }
    }

    private static Map<String, List<double[]>> routingFeatures(Map<String, List<EvalCheckpoint.Scored>> scored) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        scored.forEach((lang, list) -> out.put(lang,
                list.stream().map(s -> MoeScorer.histogram(s.score().expertCounts())).toList()));
        return out;
    }

    private static Map<String, List<double[]>> map(Map<String, List<String>> texts, Function<String, double[]> f) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        texts.forEach((lang, ts) -> out.put(lang, ts.stream().map(f).toList()));
        return out;
    }
}
