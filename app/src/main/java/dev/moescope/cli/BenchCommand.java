package dev.moescope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.ComputeType;
import dev.moescope.bridge.Device;
import dev.moescope.bridge.Execution;
import dev.moescope.bridge.ExpertDispatch;
import dev.moescope.bridge.LoadPolicy;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.inspect.Benchmark;
import dev.moescope.bridge.inspect.ProcessMemory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code moescope bench}: prefill and decode throughput as one JSON line (median of several runs after a
 * warm-up), with the capture overhead (prefill with and without routing capture, interleaved) and the prefill's
 * share of the machine's f32 matmul peak (measured here through the same engine and threads), or with
 * {@code --rss-forwards N} the resident memory before and after N small forward passes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure prefill/decode tokens per second (one JSON line), or RSS over many forwards.")
public final class BenchCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Sizes of the square f32 matmul that measures the peak: large enough to reach it, a few tenths of a second. */
    static final int SGEMM_N_CPU = 2048;
    static final int SGEMM_N_GPU = 8192;
    static final int SGEMM_REPS = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Hugging Face model directory")
    Path model;

    @Option(names = "--prompt-tokens", defaultValue = "512", description = "prompt length; default: ${DEFAULT-VALUE}")
    int promptTokens;

    @Option(names = "--new-tokens", defaultValue = "64", description = "tokens to decode; default: ${DEFAULT-VALUE}")
    int newTokens;

    @Option(names = "--no-capture", description = "do not capture routing (default: capture, as the app does)")
    boolean noCapture;

    @Mixin
    DeviceChoices deviceChoices;

    @Option(names = "--dispatch", defaultValue = "grouped", description = "grouped or hf-loop; default: ${DEFAULT-VALUE}")
    String dispatch;

    @Option(names = "--runs", defaultValue = "3", description = "measured runs after one warm-up; default: ${DEFAULT-VALUE}")
    int runs;

    @Mixin
    ResidentMemoryOption residentMemory;

    @Option(names = "--rss-forwards", description = "instead: run N small forwards and print RSS before/after")
    Integer rssForwards;

    @Option(names = "--rss-tokens", defaultValue = "8", description = "tokens per forward for --rss-forwards; default: ${DEFAULT-VALUE}")
    int rssTokens;

    @Override
    public Integer call() throws Exception {
        LoadPolicy policy = deviceChoices.policy();
        Device dev = policy.device();
        ComputeType compute = policy.dtype();
        ExpertDispatch disp = DeviceChoices.dispatch(dispatch);
        ModelConfig config = ModelConfig.read(model);
        int context = rssForwards != null ? rssTokens : promptTokens + newTokens;
        long budget = residentMemory.bytes();
        Execution execution = policy.execution(model, budget);
        if (!execution.streamed()) {
            policy.check(config, context).requireFits();
        }
        spec.commandLine().getErr().println("execution: " + execution.describe());

        Map<String, Object> out = new LinkedHashMap<>();
        long rssBeforeLoad = ProcessMemory.rssBytes();
        try (MoeModel m = MoeModel.load(model, policy.loadOptions(disp).withMaxResidentBytes(budget))) {
            out.put("execution", execution.streamed() ? "streamed" : "resident");
            out.put("max_resident_mb", ProcessMemory.mb(execution.budgetBytes()));
            out.put("weights_mb", ProcessMemory.mb(execution.residentWeightBytes()));
            out.put("rss_before_load_mb", ProcessMemory.mb(rssBeforeLoad));
            if (rssForwards != null) {
                Benchmark.RssResult r = Benchmark.rssCheck(m, rssForwards, rssTokens);
                out.put("forwards", r.forwards());
                out.put("tokens_per_forward", r.tokensPerForward());
                out.put("rss_before_mb", ProcessMemory.mb(r.rssBeforeBytes()));
                out.put("rss_after_mb", ProcessMemory.mb(r.rssAfterBytes()));
                out.put("rss_growth_mb", round((r.rssAfterBytes() - r.rssBeforeBytes()) / (1024.0 * 1024.0)));
                out.put("forwards_per_s", round(r.forwards() / r.seconds()));
            } else {
                Benchmark.Result r = Benchmark.run(m, promptTokens, newTokens, !noCapture, runs);
                out.put("prefill_tokens_per_s", round(r.prefillTokensPerSecond()));
                out.put("decode_tokens_per_s", execution.streamed() ? null : round(r.decodeTokensPerSecond()));
                out.put("capture", !noCapture);
                out.put("prompt_tokens", r.promptTokens());
                out.put("decode_tokens", r.decodeTokens());
                out.put("runs", r.runs());
                out.put("peak_rss_mb", ProcessMemory.mb(r.peakRssBytes()));   // VmHWM of the whole process
                if (!noCapture) {
                    out.put("prefill_uncaptured_tokens_per_s", round(r.prefillUncapturedTokensPerSecond()));
                    out.put("capture_overhead_pct", round(r.captureOverheadPercent()));
                }
                // the machine's f32 matmul peak through the same engine, device and thread count as the prefill
                int n = dev == Device.GPU ? SGEMM_N_GPU : SGEMM_N_CPU;
                double peak = m.sgemmGflops(n, SGEMM_REPS);
                out.put("prefill_gflops", round(r.prefillGflops()));
                out.put("sgemm_peak_gflops", round(peak));
                out.put("sgemm_n", n);
                out.put("prefill_share_of_sgemm_peak_pct", round(100 * r.prefillGflops() / peak));
            }
        }
        out.put("device", dev.name().toLowerCase(Locale.ROOT));
        out.put("dtype", compute.name().toLowerCase(Locale.ROOT));
        out.put("dispatch", disp == ExpertDispatch.GROUPED ? "grouped" : "hf-loop");
        out.put("threads", Runtime.getRuntime().availableProcessors());
        // libgomp's spin-waiting makes libtorch ~15x slower on an oversubscribed machine: record the settings
        out.put("omp_wait_policy", System.getenv().getOrDefault("OMP_WAIT_POLICY", "default"));
        out.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "default"));
        out.put("load_avg", round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        spec.commandLine().getOut().println(JSON.writeValueAsString(out));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private static double round(double v) {
        return Double.isFinite(v) ? Math.round(v * 10) / 10.0 : -1;
    }
}
