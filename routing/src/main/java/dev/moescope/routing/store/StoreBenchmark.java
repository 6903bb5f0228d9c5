package dev.moescope.routing.store;

import dev.moescope.routing.analysis.RoutingStats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Fills a database shaped like a 10-language analysis of Qwen3-30B-A3B (48 MoE layers, 128 experts, top-8)
 * through the normal commit path, then times reopening it and loading {@link RoutingStats}; prints the numbers.
 * Usage: {@code StoreBenchmark [db-file] [samples-per-language] [tokens-per-sample]}.
 */
public final class StoreBenchmark {
    private static final int LAYERS = 48;
    private static final int EXPERTS = 128;
    private static final int TOP_K = 8;
    private static final int LANGUAGES = 10;

    public static void main(String[] args) throws Exception {
        Path db = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("moescope-bench").resolve("bench.db");
        int perLanguage = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int tokensPerSample = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        Files.deleteIfExists(db);
        List<Integer> layers = IntStream.range(0, LAYERS).boxed().toList();
        ModelInfo model = new ModelInfo("benchmark-48x128", "/synthetic", "qwen3_moe", LAYERS, layers, EXPERTS, TOP_K);
        long runId;
        long tokens = 0;
        long fillStart = System.nanoTime();
        long commitNanos = 0;
        try (RoutingStore store = RoutingStore.open(db)) {
            long modelId = store.putModel(model);
            long corpusId = store.putCorpus("benchmark", null);
            List<SampleText> samples = new ArrayList<>();
            for (int l = 0; l < LANGUAGES; l++) {
                for (int i = 0; i < perLanguage; i++) {
                    samples.add(new SampleText("l" + l, "s" + i, null, "train", "sample " + l + "/" + i));
                }
            }
            List<Long> ids = store.putSamples(corpusId, samples);
            runId = store.openRun(new RunRequest(modelId, corpusId, ids, "{}", "{}", false)).id();
            SplittableRandom rnd = new SplittableRandom(1);
            List<SampleTrace> batch = new ArrayList<>();
            for (int i = 0; i < samples.size(); i++) {
                batch.add(synthetic(ids.get(i), samples.get(i).lang(), tokensPerSample, rnd));
                tokens += tokensPerSample;
                if (batch.size() == 8 || i == samples.size() - 1) {
                    long c0 = System.nanoTime();
                    store.commitBatch(runId, batch);
                    commitNanos += System.nanoTime() - c0;
                    batch.clear();
                }
            }
            store.markComplete(runId);
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        long bytes = Files.size(db) + sizeIfExists(db.resolveSibling(db.getFileName() + "-wal"));

        RoutingStats stats = null;
        double[] reopen = new double[3]; // the first in this JVM runs the read path cold (interpreted)
        for (int i = 0; i < reopen.length; i++) {
            long openStart = System.nanoTime();
            try (RoutingStore store = RoutingStore.open(db)) {
                stats = store.aggregates(store.latestRun().orElseThrow().id()).toRoutingStats();
            }
            reopen[i] = (System.nanoTime() - openStart) / 1e9;
        }
        double reopenSeconds = reopen[0];
        System.out.printf(Locale.ROOT, "shape: %d languages x %d MoE layers x %d experts, top-%d; %d tokens%n",
                stats.numLanguages(), stats.numLayers(), stats.numExperts(), stats.topK(), tokens);
        System.out.printf(Locale.ROOT, "fill: %.2f s in all; commitBatch alone %.2f s = %.0f tokens/s%n", fillSeconds,
                commitNanos / 1e9, tokens / (commitNanos / 1e9));
        System.out.printf(Locale.ROOT, "database: %d bytes, %.0f bytes/token (trace BLOBs alone: %d)%n", bytes,
                (double) bytes / tokens, TracePacking.bytesPerToken(LAYERS, TOP_K, EXPERTS, true));
        System.out.printf(Locale.ROOT, "reopen + load RoutingStats: %.3f s (first), then %.3f s, %.3f s%n",
                reopenSeconds, reopen[1], reopen[2]);
        System.out.println("file: " + db);
    }

    private static SampleTrace synthetic(long sampleId, String lang, int tokens, SplittableRandom rnd) {
        int[] ids = rnd.ints(tokens, 0, 151_936).toArray();
        List<LayerTrace> layers = new ArrayList<>(LAYERS);
        for (int layer = 0; layer < LAYERS; layer++) {
            int[][] top = new int[tokens][TOP_K];
            float[][] w = new float[tokens][TOP_K];
            float[] h = new float[tokens];
            for (int t = 0; t < tokens; t++) {
                int start = rnd.nextInt(EXPERTS);
                for (int j = 0; j < TOP_K; j++) {
                    top[t][j] = (start + j * 13) % EXPERTS; // distinct: 13 is coprime to 128
                    w[t][j] = 1f / TOP_K;
                }
                h[t] = (float) (rnd.nextDouble() * Math.log(EXPERTS));
            }
            layers.add(new LayerTrace(layer, top, w, h));
        }
        return new SampleTrace(sampleId, lang, ids, layers);
    }

    private static long sizeIfExists(Path p) throws java.io.IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }
}
