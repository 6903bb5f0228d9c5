package dev.moescope.bridge;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.safetensors.SafetensorsCheckpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A Mixture-of-Experts causal LM loaded from a local Hugging Face checkpoint directory. All NDArray work
 * runs on the model's own inference thread; the public blocking methods submit to it and wait, the
 * {@code *Async} variants return futures. The model holds no routing intervention: every forward, generation and
 * scoring call takes its own {@link RouterIntervention} (the overloads without one run unsteered), so callers on
 * different threads never see each other's steering; their calls interleave on the inference thread.
 */
public final class MoeModel implements AutoCloseable {

    private final ModelConfig config;
    private final TextTokenizer tokenizer;
    private final LoadOptions options;
    private final InferenceThread thread;
    private final NDManager manager;
    private final Transformer transformer;
    private final Execution execution;
    private final List<Integer> moeLayers;
    private final InterventionTerms terms;    // inference thread only
    private TorchThreads threads;             // inference thread only
    private volatile boolean closed;

    private MoeModel(ModelConfig config, TextTokenizer tokenizer, LoadOptions options, InferenceThread thread,
                     NDManager manager, Transformer transformer, Execution execution) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.options = options;
        this.thread = thread;
        this.manager = manager;
        this.transformer = transformer;
        this.execution = execution;
        this.moeLayers = config.moeLayers();
        this.terms = new InterventionTerms(manager, config);
    }

    /** Loads config, tokenizer, generation config and all weights; bad input gives a clear exception. */
    public static MoeModel load(Path dir, LoadOptions opts) {
        Objects.requireNonNull(opts, "opts");
        if (!Files.isDirectory(dir)) {
            throw new CheckpointException(dir + ": model directory does not exist");
        }
        ModelConfig config = ModelConfig.read(dir);
        LoadPolicy policy = new LoadPolicy(opts.device(), opts.dtype()); // refuses f16 on the CPU
        ai.djl.Device device = djlDevice(opts);
        Execution execution = policy.execution(dir, opts.maxResidentBytes());
        SpecialTokens special = SpecialTokens.read(dir, config);
        TextTokenizer tokenizer = TextTokenizer.load(dir, special.bos, special.eos);
        InferenceThread thread = new InferenceThread("moescope-inference-" + dir.getFileName());
        try {
            return thread.call(() -> {
                NDManager manager = NDManager.newBaseManager(device, "PyTorch");
                SafetensorsCheckpoint ckpt = SafetensorsCheckpoint.open(dir);
                try {
                    DataType dtype = policy.weightDataType();                     // what the memory check counts
                    boolean streamed = execution.streamed();
                    ModelWeights weights = ModelWeights.load(ckpt, config, manager, dtype, !streamed);
                    LayerSource layers = streamed                                 // streamed: keeps ckpt open
                            ? new LayerSource.Streamed(ckpt, config, manager, dtype)
                            : LayerSource.resident(weights.layers());
                    if (!streamed) {
                        ckpt.close();
                    }
                    Transformer transformer = new Transformer(config, weights, layers, dtype, opts.dispatch());
                    return new MoeModel(config, tokenizer, opts, thread, manager, transformer, execution);
                } catch (RuntimeException | Error e) {
                    ckpt.close();
                    manager.close();
                    throw e;
                }
            });
        } catch (RuntimeException | Error e) {
            thread.close();
            tokenizer.close();
            throw e;
        }
    }

    private static ai.djl.Device djlDevice(LoadOptions opts) {
        if (opts.device() == Device.GPU) {
            int gpus = Engine.getEngine("PyTorch").getGpuCount();
            if (gpus <= 0) {
                throw new IllegalStateException("device GPU requested, but DJL's PyTorch engine sees no CUDA GPU "
                        + "(no GPU present or a CPU-only PyTorch native library); use device CPU");
            }
            return ai.djl.Device.gpu();
        }
        return ai.djl.Device.cpu();
    }

    public ModelConfig config() {
        return config;
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** Resident or streamed, as {@link LoadPolicy#execution} chose at load. */
    public Execution execution() {
        return execution;
    }

    public LoadOptions options() {
        return options;
    }

    public List<Integer> moeLayers() {
        return moeLayers;
    }

    /** What the model holds now (weights, constants and views of them): for checking the load against the policy. */
    List<NDArray> residentArrays() {
        checkOpen();
        return thread.call(() -> ((ai.djl.ndarray.BaseNDManager) manager).getManagedArrays());
    }

    /**
     * Checks that {@code iv} fits this model (MoE layers, expert indices); every call taking an intervention runs
     * this on the caller's thread first.
     */
    public void check(RouterIntervention iv) {
        Objects.requireNonNull(iv, "intervention");
        for (int layer : iv.layers()) {
            if (!moeLayers.contains(layer)) {
                throw new IllegalArgumentException("steering names layer " + layer + ", which is not an MoE layer of "
                        + "this model (MoE layers: " + moeLayers + ")");
            }
            iv.terms(layer, config.numExperts()); // checks expert indices
        }
    }

    /** One forward pass without intervention. */
    public ForwardResult forward(int[] ids, ForwardOptions opts) {
        return forward(ids, opts, RouterIntervention.NONE);
    }

    public ForwardResult forward(int[] ids, ForwardOptions opts, RouterIntervention iv) {
        return forwardBatch(List.of(ids), opts, iv).get(0);
    }

    public CompletableFuture<ForwardResult> forwardAsync(int[] ids, ForwardOptions opts, RouterIntervention iv) {
        return forwardBatchAsync(List.of(ids), opts, iv).thenApply(r -> r.get(0));
    }

    /** {@link #forwardBatch(List, ForwardOptions, RouterIntervention)} without intervention. */
    public List<ForwardResult> forwardBatch(List<int[]> seqs, ForwardOptions opts) {
        return forwardBatch(seqs, opts, RouterIntervention.NONE);
    }

    /**
     * One forward pass over several sequences (right-padded with a key mask) with {@code iv} applied to every MoE
     * router; same routing as one by one.
     */
    public List<ForwardResult> forwardBatch(List<int[]> seqs, ForwardOptions opts, RouterIntervention iv) {
        checkOpen();
        check(iv);
        Transformer.Step step = batchStep(seqs);
        return thread.call(() -> runBatch(step, opts, iv));
    }

    public CompletableFuture<List<ForwardResult>> forwardBatchAsync(List<int[]> seqs, ForwardOptions opts,
                                                                    RouterIntervention iv) {
        checkOpen();
        check(iv);
        Transformer.Step step = batchStep(seqs);
        return thread.submit(() -> runBatch(step, opts, iv));
    }

    private List<ForwardResult> runBatch(Transformer.Step step, ForwardOptions opts, RouterIntervention iv) {
        checkOpen();
        threadsFor(step);
        MoeBlock.Terms[] t = terms.of(iv);
        try (NDManager sub = manager.newSubManager()) {
            List<MoeBlock.Routing> routing = new ArrayList<>();
            NDArray hidden = transformer.hidden(sub, step, t, null, opts.captureRouting(), routing);
            return StepOutputs.results(sub, transformer, hidden, step, opts.logits(), routing, opts.captureRouting());
        }
    }

    /** {@link #generate(int[], GenerationOptions, RouterIntervention, TokenListener, CancellationToken)} unsteered. */
    public GenerationResult generate(int[] prompt, GenerationOptions opts, TokenListener listener,
                                     CancellationToken cancel) {
        return generate(prompt, opts, RouterIntervention.NONE, listener, cancel);
    }

    public CompletableFuture<GenerationResult> generateAsync(int[] prompt, GenerationOptions opts,
                                                             TokenListener listener, CancellationToken cancel) {
        return generateAsync(prompt, opts, RouterIntervention.NONE, listener, cancel);
    }

    /**
     * Generates up to {@code maxNewTokens} tokens with a KV cache under {@code iv} (NONE: unsteered), streaming each
     * to the listener.
     */
    public GenerationResult generate(int[] prompt, GenerationOptions opts, RouterIntervention iv,
                                     TokenListener listener, CancellationToken cancel) {
        checkOpen();
        requireResident();
        checkIds(prompt, "prompt");
        check(iv);
        return thread.call(() -> new Generation(this, prompt, opts, iv, listener, cancel).run());
    }

    public CompletableFuture<GenerationResult> generateAsync(int[] prompt, GenerationOptions opts, RouterIntervention iv,
                                                             TokenListener listener, CancellationToken cancel) {
        checkOpen();
        requireResident();
        checkIds(prompt, "prompt");
        check(iv);
        return thread.submit(() -> new Generation(this, prompt, opts, iv, listener, cancel).run());
    }

    /** One cached step (inference thread): routing of the new tokens, logits of the last one. */
    Generation.StepResult step(KvCache cache, int[] ids, boolean capture, RouterIntervention iv) {
        Transformer.Step step = new Transformer.Step(new int[][] {ids}, new int[] {ids.length}, cache.length());
        threadsFor(step);
        MoeBlock.Terms[] t = terms.of(iv);
        try (NDManager sub = manager.newSubManager()) {
            List<MoeBlock.Routing> routing = new ArrayList<>();
            NDArray hidden = transformer.hidden(sub, step, t, cache, capture, routing);
            NDArray last = hidden.get(":, " + (ids.length - 1) + ":, :");             // [1, 1, H]
            float[] logits = transformer.logits(last).toFloatArray();
            return new Generation.StepResult(logits, capture ? StepOutputs.trace(routing, step, 0) : null);
        }
    }

    /**
     * Peak f32 matmul throughput (GFLOP/s) of this model's engine and device with the thread count of a large step
     * (what prefill runs with): the best of {@code reps} {@code [n, n] x [n, n]} products after one warm-up, each
     * {@code 2 n^3} FLOPs. Benchmarks report prefill as a share of it.
     */
    public double sgemmGflops(int n, int reps) {
        checkOpen();
        return thread.call(() -> {
            if (threads == null) {
                threads = new TorchThreads();
            }
            threads.forStep(n, n);                                   // n x n elements: a large step
            try (NDManager sub = manager.newSubManager()) {
                NDArray a = sub.randomUniform(-1f, 1f, new ai.djl.ndarray.types.Shape(n, n)); // [n, n] f32
                NDArray b = sub.randomUniform(-1f, 1f, new ai.djl.ndarray.types.Shape(n, n)); // [n, n] f32
                double best = Double.MAX_VALUE;
                for (int r = 0; r <= reps; r++) {                    // r = 0 is the warm-up
                    long t0 = System.nanoTime();
                    try (NDArray c = a.matMul(b); NDArray sum = c.sum()) { // [n, n]; the scalar read syncs a GPU
                        sum.getFloat();
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    if (r > 0) {
                        best = Math.min(best, s);
                    }
                }
                return 2.0 * n * n * (double) n / best / 1e9;
            }
        });
    }

    private void threadsFor(Transformer.Step step) {
        if (threads == null) {
            threads = new TorchThreads();
        }
        threads.forStep((long) step.batch() * step.tokens(), config.hiddenSize());
    }

    /** A cache for {@code positions} tokens (prompt + new tokens), preallocated on each layer's first append. */
    KvCache newCache(int positions) {
        requireResident();
        return new KvCache(manager, config.numHiddenLayers(), positions);
    }

    /** Generation reruns the model per token: refused, with the numbers, when the model is streamed. */
    private void requireResident() {
        if (execution.streamed()) {
            throw new IllegalStateException("generation needs the model resident, but it runs " + execution.describe()
                    + "; streamed execution serves prefill-only collection and tracing (raise --max-resident-memory "
                    + "or use a larger device to generate)");
        }
    }

    private Transformer.Step batchStep(List<int[]> seqs) {
        if (seqs.isEmpty()) {
            throw new IllegalArgumentException("forwardBatch needs at least one sequence");
        }
        int t = 0;
        for (int i = 0; i < seqs.size(); i++) {
            checkIds(seqs.get(i), seqs.size() == 1 ? "input" : "sequence " + i);
            t = Math.max(t, seqs.get(i).length);
        }
        int[][] ids = new int[seqs.size()][t];
        int[] lengths = new int[seqs.size()];
        for (int i = 0; i < seqs.size(); i++) {
            System.arraycopy(seqs.get(i), 0, ids[i], 0, seqs.get(i).length); // right padding with id 0
            lengths[i] = seqs.get(i).length;
        }
        return new Transformer.Step(ids, lengths, 0);
    }

    /** Token ids must be in [0, vocab_size). */
    void checkIds(int[] ids, String what) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException(what + " has no tokens");
        }
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= config.vocabSize()) {
                throw new IllegalArgumentException("token id " + ids[i] + " at position " + i + " of " + what
                        + " is out of range: the model's vocab_size is " + config.vocabSize()
                        + " (valid ids 0.." + (config.vocabSize() - 1) + ")");
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the model is closed");
        }
    }

    /** Frees all native memory (weights, caches) and stops the inference thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            thread.call(() -> {
                terms.close();
                transformer.layers().close();
                manager.close();
                return null;
            });
        } finally {
            thread.close();
            tokenizer.close();
        }
    }

    /** bos/eos from generation_config.json, falling back to config.json. */
    private record SpecialTokens(Integer bos, Set<Integer> eos) {
        static SpecialTokens read(Path dir, ModelConfig config) {
            Integer bos = config.bosTokenId();
            Set<Integer> eos = new LinkedHashSet<>(config.eosTokenIds());
            Path file = dir.resolve("generation_config.json");
            if (Files.isRegularFile(file)) {
                try {
                    JsonNode root = new ObjectMapper().readTree(file.toFile());
                    JsonNode b = root.get("bos_token_id");
                    if (b != null && b.isIntegralNumber()) {
                        bos = b.asInt();
                    }
                    JsonNode e = root.get("eos_token_id");
                    if (e != null && e.isIntegralNumber()) {
                        eos = new LinkedHashSet<>(List.of(e.asInt()));
                    } else if (e != null && e.isArray()) {
                        eos = new LinkedHashSet<>();
                        for (JsonNode n : e) {
                            eos.add(n.asInt());
                        }
                    }
                } catch (IOException ex) {
                    throw new CheckpointException(file + ": not valid JSON: " + ex.getMessage(), ex);
                }
            }
            return new SpecialTokens(bos, eos);
        }
    }
}
