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

    @Option(names = "--preset", defaultValue = "demo", description = "model shape: demo (bytes, 4 layers x 16 experts),"
            + " v2 (8 layers x 32 experts top-4, subwords, needs --tokenizer) or tiny (a smoke test); default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--tokenizer", description = "train on the subword ids of this folder's tokenizer.json "
            + "(from train-tokenizer); it is copied into the checkpoint")
    Path tokenizer;

    @Option(names = "--udhr", description = "train on every translation in this udhr package folder "
            + "(preamble + articles 1-24 of each) instead of the corpus")
    Path udhr;

    @Option(names = "--min-bytes", defaultValue = "6000",
            description = "with --udhr: least training text per translation; default: ${DEFAULT-VALUE}")
    int minBytes;

    @Option(names = "--focus-share", defaultValue = "0", description = "with --udhr: share of the sequences drawn "
            + "(uniformly) from the translations of the languages the app shows (LanguageTable.demo(), the bundled "
            + "corpus); the rest uniformly from all translations; default: ${DEFAULT-VALUE} (uniform)")
    double focusShare;

    @Option(names = "--checkpoint-dir", description = "keep model + optimizer checkpoints here (resumable)")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "100",
            description = "steps between checkpoints; default: ${DEFAULT-VALUE}")
    int checkpointEvery;

    @Option(names = "--resume", description = "continue the run in --checkpoint-dir from its newest checkpoint "
            + "(same options); bit-identical to an uninterrupted run")
    boolean resume;

    @Option(names = "--reschedule-to", defaultValue = "0", description = "with --resume: end the run after this "
            + "step instead of --steps, the cosine decay recomputed over the shorter span (for a run that cannot finish "
            + "in time; no longer bit-identical to a straight run); 0: as scheduled")
    int rescheduleTo;

    @Option(names = "--stop-after", defaultValue = "0",
            description = "stop after this step (0: all); the schedule still spans --steps")
    int stopAfter;

    @Option(names = "--steps", defaultValue = "950", description = "optimizer steps; default: ${DEFAULT-VALUE}")
    int steps;

    @Option(names = "--seed", defaultValue = "0", description = "random seed; default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads; default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--batch", defaultValue = "12", description = "sequences per step; default: ${DEFAULT-VALUE}")
    int batch;

    @Option(names = "--seq-len", description = "tokens per sequence; default: 192 (demo), 512 (v2), 64 (tiny); for"
            + " v2 and tiny also the declared context (max_position_embeddings)")
    Integer seqLen;

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
        int len = seqLen != null ? seqLen : switch (preset) {
            case "v2" -> 512;
            case "tiny" -> 64;
            default -> 192;
        };
        Map<String, List<String>> texts;
        if (udhr != null) {
            texts = TrainingTexts.udhr(udhr, minBytes, shownTranslations(), o);
        } else {
            Corpus c = corpus == null ? Corpus.demo() : Corpus.load(corpus);
            texts = trainingTexts(c);
            o.printf("corpus %s: %d languages (train split only)%n", c.id(), texts.size());
        }
        setThreads(threads);
        MoeSpec model = modelSpec(len);
        Map<String, int[]> streams = TrainingTexts.atLeast(TrainingTexts.streams(texts, tokenizer), len + 1, o);
        TrainOptions base = TrainOptions.demo(steps, seed);
        TrainOptions options = new TrainOptions(steps, batch, len, lr, base.minLrRatio(), base.warmup(),
                base.weightDecay(), base.clip(), seed, logEvery);
        long bytes = texts.entrySet().stream().filter(e -> streams.containsKey(e.getKey()))
                .flatMap(e -> e.getValue().stream())
                .mapToLong(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).sum();
        long tokens = streams.values().stream().mapToLong(s -> s.length).sum();
        o.printf("training text: %d languages, %,d bytes, %,d tokens (%s, %.3f tokens/byte incl. bos)%n",
                streams.size(), bytes, tokens, tokenizer == null ? "bytes" : tokenizer + "/tokenizer.json",
                (double) tokens / bytes);
        o.printf("model: qwen3_moe hidden %d, %d layers, %d experts top-%d, expert width %d, %d/%d heads, vocab %d,"
                + " context %d; %,d parameters (%.2f MB in bf16)%n",
                model.hidden(), model.layers(), model.experts(), model.topK(), model.expertSize(), model.heads(),
                model.kvHeads(), model.vocabSize(), model.maxPositions(), model.parameterCount(),
                model.parameterCount() * 2 / 1e6);
        o.printf("training: %d steps x %d x %d tokens, lr %.1e, seed %d, %d thread(s)%n",
                steps, batch, len, lr, seed, threads);
        o.flush();
        long start = System.nanoTime();
        if (init != null) {
            o.printf("continuing from %s%n", init);
        }
        MoeTrainer.Checkpointing checkpoints = checkpointDir == null
                ? (resume || stopAfter > 0 ? fail("--resume and --stop-after need --checkpoint-dir") : null)
                : new MoeTrainer.Checkpointing(checkpointDir, checkpointEvery, stopAfter, resume);
        if (focusShare > 0 && udhr == null) {
            throw new IllegalArgumentException("--focus-share needs --udhr (it weights the translations the app shows)");
        }
        java.util.Set<String> focus = focusShare > 0 ? shownTranslations() : java.util.Set.of();
        if (focusShare > 0) {
            o.printf("sampling: %.0f%% of sequences from the %d translations the app shows, the rest from all %d%n",
                    100 * focusShare, focus.stream().filter(streams::containsKey).count(), streams.size());
        }
        if (checkpoints != null) {
            checkThreads(checkpointDir, threads, resume);
            checkRecorded(checkpointDir.resolve("sampling.txt"), "--focus-share " + focusShare, resume);
        }
        try (NDManager root = NDManager.newBaseManager();
             MoeWeights initial = init == null ? null : MoeWeights.load(model, init, root);
             MoeWeights weights = trainer(model, options, focus).trainStreams(streams, root, r -> {
                 o.printf("step %5d/%d  loss %.4f  aux %.3f  lr %.2e  grad %.2f  %.0f tok/s  %.1f s/step  %.0f s%n",
                         r.step(), r.steps(), r.loss(), r.auxLoss(), r.lr(), r.gradNorm(),
                         r.tokensPerSecond(), options.batch() * options.seqLen() / r.tokensPerSecond(),
                         r.elapsedSeconds());
                 o.flush();
             }, initial, checkpoints)) {
            CheckpointFiles.write(out, weights, type, tokenizer);
        }
        if (stopAfter > 0 && stopAfter < steps) {
            o.printf("stopped after step %d of %d (resume with --resume); these are the weights at step %d%n",
                    stopAfter, steps, stopAfter);
        }
        o.printf("wrote %s (%.2f MB) in %.1f min%n", out, directoryBytes(out) / 1e6, (System.nanoTime() - start) / 6e10);
        return 0;
    }

    private MoeTrainer trainer(MoeSpec model, TrainOptions options, java.util.Set<String> focus) {
        MoeTrainer t = new MoeTrainer(model, options).withFocus(focus, focusShare);
        if (rescheduleTo > 0) {
            if (!resume) {
                throw new IllegalArgumentException("--reschedule-to shortens a resumed run; a new run takes --steps");
            }
            spec.commandLine().getOut().printf("rescheduled: the run ends after step %d of its %d, the learning rate "
                    + "decaying over the shorter span%n", rescheduleTo, options.steps());
            return t.rescheduledTo(rescheduleTo);
        }
        return t;
    }

    /** The model shape of {@link #preset} with a context of {@code len} tokens. */
    private MoeSpec modelSpec(int len) {
        if (init != null) {
            return MoeSpec.from(ModelConfig.read(init), init.resolve("config.json").toString())
                    .withRouterAuxCoef(MoeSpec.demo().routerAuxCoef());
        }
        int vocab = tokenizer == null ? MoeSpec.demo().vocabSize() : TrainingTexts.vocabularySize(tokenizer);
        return switch (preset) {
            case "demo" -> tokenizer == null ? MoeSpec.demo() : fail("--preset demo is byte-level; drop --tokenizer");
            case "v2" -> tokenizer == null ? fail("--preset v2 needs --tokenizer DIR (see train-tokenizer)")
                    : MoeSpec.v2(vocab, len);
            case "tiny" -> MoeSpec.tiny().withVocabAndContext(Math.max(vocab, MoeSpec.tiny().vocabSize()), len);
            default -> fail("--preset: demo, v2 or tiny, got " + preset);
        };
    }

    /**
     * PyTorch's float reductions depend on the thread count, so a run resumes bit-identically only with the count
     * it started with: {@code threads.txt} in the run folder records it.
     */
    static void checkThreads(Path runDir, int threads, boolean resume) {
        checkRecorded(runDir.resolve("threads.txt"), "--threads " + threads, resume);
    }

    /**
     * A setting the checkpoint's options do not hold (thread count, sampling) is written beside the checkpoints
     * when a run starts, and a resume with another value is refused.
     */
    static void checkRecorded(Path file, String setting, boolean resume) {
        try {
            if (resume && Files.isRegularFile(file)) {
                String recorded = Files.readString(file).strip();
                String value = recorded.matches("\\d+") ? "--threads " + recorded : recorded;   // older runs: a bare count
                if (!value.equals(setting)) {
                    throw new IllegalArgumentException(file + ": the run started with " + value
                            + "; resume it with the same setting (got " + setting + ") for identical results");
                }
            } else if (!resume && dev.moescope.bridge.train.TrainingCheckpoint.latest(file.getParent()).isEmpty()) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, setting + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The UDHR files of the languages the app shows (the bundled corpus's language table). */
    private static java.util.Set<String> shownTranslations() {
        dev.moescope.resources.LanguageTable table = dev.moescope.resources.LanguageTable.demo();
        java.util.Set<String> files = new java.util.LinkedHashSet<>();
        for (String code : Corpus.demo().languages()) {
            table.udhrFile(code).ifPresent(files::add);
        }
        return files;
    }

    private static <T> T fail(String message) {
        throw new IllegalArgumentException(message);
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
