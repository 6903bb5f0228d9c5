package dev.moescope.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import dev.moescope.bridge.train.CheckpointFiles;
import dev.moescope.bridge.train.MoeSpec;
import dev.moescope.bridge.train.MoeTrainer;
import dev.moescope.bridge.train.MoeWeights;
import dev.moescope.bridge.train.TrainOptions;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.Segment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code moescope train-demo}: trains the demo qwen3_moe model from scratch on the training split of a corpus
 * (default: the bundled UDHR corpus, preamble + articles 1-24; held-out articles are never read) and writes a
 * Hugging Face checkpoint. Deterministic for a seed and thread count.
 */
@Command(name = "train-demo", mixinStandardHelpOptions = true,
        description = "Train the demo MoE model (byte-level qwen3_moe) on the training split of the corpus.")
public final class TrainDemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "output directory (created if needed)")
    Path out;

    @Option(names = "--steps", defaultValue = "950", description = "optimizer steps; default: ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "random seed; default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads; default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--batch", defaultValue = "12", description = "sequences per step; default: ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--seq-len", defaultValue = "192", description = "bytes per sequence; default: ${DEFAULT-VALUE}")
    int seqLen;

    @Option(names = "--lr", defaultValue = "3e-3", description = "peak learning rate; default: ${DEFAULT-VALUE}")
    double lr;

    @Option(names = "--dtype", defaultValue = "bf16", description = "f32 or bf16 weights; default: ${DEFAULT-VALUE}")
    String dtype;

    @Option(names = "--log-every", defaultValue = "25", description = "print the loss every N steps; default: ${DEFAULT-VALUE}")
    int logEvery;

    @Option(names = "--corpus", description = "a corpus folder or .jsonl instead of the bundled demo corpus")
    Path corpus;

    @Option(names = "--init", description = "continue from this checkpoint (same shape) instead of fresh weights; "
            + "the optimizer and learning-rate schedule start afresh")
    Path init;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        SafetensorsDType type = SafetensorsDType.parse(dtype);
        if (type == SafetensorsDType.F16) {
            throw new IllegalArgumentException("--dtype: f32 or bf16, got " + dtype);
        }
        Corpus c = corpus == null ? Corpus.demo() : Corpus.load(corpus);
        Map<String, List<String>> texts = trainingTexts(c);
        setThreads(threads);
        MoeSpec model = init == null ? MoeSpec.demo()
                : MoeSpec.from(ModelConfig.read(init), init.resolve("config.json").toString())
                        .withRouterAuxCoef(MoeSpec.demo().routerAuxCoef());
        TrainOptions base = TrainOptions.demo(steps, seed);
        TrainOptions options = new TrainOptions(steps, batch, seqLen, lr, base.minLrRatio(), base.warmup(),
                base.weightDecay(), base.clip(), seed, logEvery);
        long bytes = texts.values().stream().flatMap(List::stream).mapToLong(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
        o.printf("corpus %s: %d languages, %,d training bytes (train split only)%n", c.id(), texts.size(), bytes);
        o.printf("model: qwen3_moe hidden %d, %d layers, %d experts top-%d, expert width %d, %d/%d heads; %,d parameters%n",
                model.hidden(), model.layers(), model.experts(), model.topK(), model.expertSize(), model.heads(),
                model.kvHeads(), model.parameterCount());
        o.printf("training: %d steps x %d x %d tokens, lr %.1e, seed %d, %d thread(s)%n",
                steps, batch, seqLen, lr, seed, threads);
        o.flush();
        long start = System.nanoTime();
        if (init != null) {
            o.printf("continuing from %s%n", init);
        }
        try (NDManager root = NDManager.newBaseManager();
             MoeWeights initial = init == null ? null : MoeWeights.load(model, init, root);
             MoeWeights weights = new MoeTrainer(model, options).train(texts, root, r -> {
                 o.printf("step %5d/%d  loss %.4f  (%.3f bits/byte)  aux %.3f  lr %.2e  grad %.2f  %.0f tok/s  %.0f s%n",
                         r.step(), r.steps(), r.loss(), r.loss() / Math.log(2), r.auxLoss(), r.lr(), r.gradNorm(),
                         r.tokensPerSecond(), r.elapsedSeconds());
                 o.flush();
             }, initial)) {
            CheckpointFiles.write(out, weights, type);
        }
        o.printf("wrote %s (%.2f MB) in %.1f min%n", out, directoryBytes(out) / 1e6, (System.nanoTime() - start) / 6e10);
        return 0;
    }

    /** Language to its training segments (preamble + articles 1-24 for the UDHR); held-out text is never read. */
    static Map<String, List<String>> trainingTexts(Corpus c) {
        Map<String, List<String>> texts = new LinkedHashMap<>();
        for (String lang : c.languages()) {
            List<String> segs = c.segments(lang, Segment.Split.TRAIN).stream()
                    .peek(s -> {
                        if (s.article() > Segment.LAST_TRAIN_ARTICLE) {
                            throw new IllegalStateException("held-out article " + s.article() + " in the train split");
                        }
                    })
                    .map(Segment::text).toList();
            if (!segs.isEmpty()) {
                texts.put(lang, segs);
            }
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("corpus " + c.id() + ": no training segments");
        }
        return texts;
    }

    /** Intra-op threads of the PyTorch engine (results are deterministic for a fixed count). */
    static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        Engine.getInstance();   // loads the native library
        JniUtils.setNumThreads(threads);
        try {
            JniUtils.setNumInteropThreads(1);
        } catch (RuntimeException ignored) {
            // already fixed once parallel work ran in this process
        }
    }

    private static long directoryBytes(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
