package dev.moescope.bridge.inspect;

import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.GenerationOptions;
import dev.moescope.bridge.GenerationResult;
import dev.moescope.bridge.LogitsMode;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.MoeModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Throughput of a loaded model: prefill (one forward over the prompt, last-token logits) and decode (greedy
 * generation with the KV cache, timed from the first generated token to the last, so the prefill is not in it).
 * One warm-up run, then the median of {@code runs}.
 */
public final class Benchmark {

    private Benchmark() {
    }

    /**
     * @param decodeTokens       tokens actually decoded in the median run (fewer than asked if the model emitted EOS)
     * @param prefillUncapturedTokensPerSecond the same prefill without routing capture, interleaved with the captured
     *                           runs (NaN when the benchmark itself runs without capture)
     * @param prefillGflops      matmul FLOPs of the prefill ({@link #prefillFlops}) per second of the median run
     */
    public record Result(double prefillTokensPerSecond, double decodeTokensPerSecond, int promptTokens,
                         int decodeTokens, int runs, long peakRssBytes, double prefillUncapturedTokensPerSecond,
                         double prefillGflops) {

        /** Extra prefill time routing capture costs, in percent of the uncaptured prefill (NaN without capture). */
        public double captureOverheadPercent() {
            return 100 * (prefillUncapturedTokensPerSecond / prefillTokensPerSecond - 1);
        }
    }

    /**
     * Floating-point operations of one prefill of {@code t} tokens with last-token logits, as the eager code computes
     * them: {@code 2 t} per active matmul parameter (attention projections, routers, the top-k and shared experts,
     * dense MLPs; embeddings are a lookup), {@code 2} per lm_head parameter (the last token only), and the full
     * {@code t x t} attention scores and context products of every layer ({@code 4 t^2 heads head_dim}).
     */
    public static double prefillFlops(ModelConfig c, int t) {
        ParameterCount p = ParameterCount.of(c);
        double matmulParams = p.active() - p.embeddings() - p.lmHead() - p.norms();
        double attention = 4.0 * c.numHiddenLayers() * c.numAttentionHeads() * c.headDim() * (double) t * t;
        return 2.0 * t * matmulParams + 2.0 * p.lmHead() + attention;
    }

    /** Seeded prompt token ids in [0, vocab). */
    public static int[] prompt(int length, int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = r.nextInt(vocab);
        }
        return ids;
    }

    /**
     * As above; a streamed model ({@link MoeModel#execution()}) cannot generate, so it measures the prefill only
     * (decode NaN, no decoded tokens).
     */
    public static Result run(MoeModel model, int promptTokens, int newTokens, boolean capture, int runs) {
        if (model.execution().streamed()) {
            return prefillOnly(model, promptTokens, capture, runs);
        }
        if (promptTokens < 1 || newTokens < 2 || runs < 1) {
            throw new IllegalArgumentException("need prompt tokens >= 1, new tokens >= 2 and runs >= 1");
        }
        int[] ids = prompt(promptTokens, model.config().vocabSize(), 42);
        ForwardOptions fwd = new ForwardOptions(capture, LogitsMode.LAST);
        GenerationOptions gen = new GenerationOptions(newTokens, 0f, 1f, 0L, capture);
        ForwardOptions uncaptured = new ForwardOptions(false, LogitsMode.LAST);
        List<Double> prefill = new ArrayList<>();
        List<Double> prefillUncaptured = new ArrayList<>();
        List<Double> decode = new ArrayList<>();
        int decoded = newTokens;
        for (int run = 0; run <= runs; run++) {                     // run 0 is the warm-up
            // with capture, the same prefill also runs without it; the order alternates per run so that neither
            // always comes first after the previous run's decode (allocator and cache state)
            boolean uncapturedFirst = capture && run % 2 == 1;
            double uncapturedSeconds = uncapturedFirst ? seconds(model, ids, uncaptured) : Double.NaN;
            double prefillSeconds = seconds(model, ids, fwd);
            if (capture && !uncapturedFirst) {
                uncapturedSeconds = seconds(model, ids, uncaptured);
            }
            long[] firstLast = {-1, -1};
            int[] count = {0};
            GenerationResult g = model.generate(ids, gen, (id, text, index) -> {
                long now = System.nanoTime();
                if (index == 0) {
                    firstLast[0] = now;
                }
                firstLast[1] = now;
                count[0] = index + 1;
            }, null);
            if (run == 0) {
                continue;
            }
            prefill.add(promptTokens / prefillSeconds);
            prefillUncaptured.add(promptTokens / uncapturedSeconds);
            decoded = Math.min(decoded, g.tokens().length);
            if (count[0] >= 2) {
                decode.add((count[0] - 1) / ((firstLast[1] - firstLast[0]) / 1e9));
            }
        }
        double prefillRate = median(prefill);
        double gflops = prefillFlops(model.config(), promptTokens) / (promptTokens / prefillRate) / 1e9;
        return new Result(prefillRate, decode.isEmpty() ? Double.NaN : median(decode), promptTokens, decoded,
                runs, ProcessMemory.peakRssBytes(), capture ? median(prefillUncaptured) : Double.NaN, gflops);
    }

    /** Prefill only (captured, and uncaptured when capturing), interleaved as in {@link #run}. */
    public static Result prefillOnly(MoeModel model, int promptTokens, boolean capture, int runs) {
        if (promptTokens < 1 || runs < 1) {
            throw new IllegalArgumentException("need prompt tokens >= 1 and runs >= 1");
        }
        int[] ids = prompt(promptTokens, model.config().vocabSize(), 42);
        ForwardOptions fwd = new ForwardOptions(capture, LogitsMode.LAST);
        ForwardOptions uncaptured = new ForwardOptions(false, LogitsMode.LAST);
        List<Double> prefill = new ArrayList<>();
        List<Double> prefillUncaptured = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {                     // run 0 is the warm-up
            boolean uncapturedFirst = capture && run % 2 == 1;
            double uncapturedSeconds = uncapturedFirst ? seconds(model, ids, uncaptured) : Double.NaN;
            double prefillSeconds = seconds(model, ids, fwd);
            if (capture && !uncapturedFirst) {
                uncapturedSeconds = seconds(model, ids, uncaptured);
            }
            if (run > 0) {
                prefill.add(promptTokens / prefillSeconds);
                prefillUncaptured.add(promptTokens / uncapturedSeconds);
            }
        }
        double prefillRate = median(prefill);
        double gflops = prefillFlops(model.config(), promptTokens) / (promptTokens / prefillRate) / 1e9;
        return new Result(prefillRate, Double.NaN, promptTokens, 0, runs, ProcessMemory.peakRssBytes(),
                capture ? median(prefillUncaptured) : Double.NaN, gflops);
    }

    private static double seconds(MoeModel model, int[] ids, ForwardOptions opts) {
        long t0 = System.nanoTime();
        model.forward(ids, opts);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** RSS before and after {@code forwards} small forward passes (routing captured): a leak check. */
    public record RssResult(int forwards, int tokensPerForward, long rssBeforeBytes, long rssAfterBytes, double seconds) {
    }

    public static RssResult rssCheck(MoeModel model, int forwards, int tokensPerForward) {
        int[] ids = prompt(tokensPerForward, model.config().vocabSize(), 7);
        ForwardOptions opts = new ForwardOptions(true, LogitsMode.LAST);
        for (int i = 0; i < 20; i++) {                               // warm-up: allocator pools, JIT
            model.forward(ids, opts);
        }
        System.gc();
        long before = ProcessMemory.rssBytes();
        long t0 = System.nanoTime();
        for (int i = 0; i < forwards; i++) {
            model.forward(ids, opts);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.gc();
        return new RssResult(forwards, tokensPerForward, before, ProcessMemory.rssBytes(), seconds);
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }
}
