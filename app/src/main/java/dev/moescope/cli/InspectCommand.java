package dev.moescope.cli;

import dev.moescope.bridge.Device;
import dev.moescope.bridge.LoadPolicy;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.inspect.DeviceProbe;
import dev.moescope.bridge.inspect.HostMemory;
import dev.moescope.bridge.inspect.MemoryCheck;
import dev.moescope.bridge.inspect.ModelInspection;
import dev.moescope.bridge.inspect.ParameterCount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code moescope inspect}: architecture, layers, parameters, memory per dtype and whether it fits a device. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Describe a model directory: architecture, MoE layers, parameters, memory and device fit.")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Hugging Face model directory (config.json; weights optional)")
    Path model;

    @Mixin
    DeviceChoices deviceChoices;

    @Mixin
    ResidentMemoryOption residentMemory;

    @Option(names = "--context", defaultValue = "4096", description = "context length for the KV cache; default: ${DEFAULT-VALUE}")
    int context;

    @Override
    public Integer call() {
        LoadPolicy policy = deviceChoices.policy();
        Device dev = policy.device();
        ModelInspection in = ModelInspection.of(model);
        ModelConfig c = in.config();
        ParameterCount p = in.params();
        PrintWriter out = spec.commandLine().getOut();

        out.printf("model: %s%n", model);
        out.printf("architecture: %s %s%n", c.modelType(), c.architectures());
        out.printf("layers: %d (MoE: %s; dense: %s)%n", c.numHiddenLayers(), ranges(c.moeLayers()), ranges(in.denseLayers()));
        out.printf("experts: %d per MoE layer, top-%d, expert width %d, renormalised top-k: %s%s%n", c.numExperts(),
                c.numExpertsPerTok(), c.expertIntermediateSize(), c.normTopkProb(),
                c.sharedExpertIntermediateSize() > 0 ? ", shared expert width " + c.sharedExpertIntermediateSize() : "");
        out.printf("attention: hidden %d, heads %d, kv heads %d, head_dim %d; vocab %d%n", c.hiddenSize(),
                c.numAttentionHeads(), c.numKeyValueHeads(), c.headDim(), c.vocabSize());
        out.printf("kinds: attention %s; rope %d dims%s; norm %s; router %s; experts %s; shared %s%n",
                c.architecture().attention(), c.architecture().rope().rotaryDim(),
                c.architecture().rope().interleaved() ? " (interleaved pairs)" : "", c.architecture().norm(),
                c.architecture().router(), c.architecture().experts().layout(), c.architecture().shared());
        out.printf("parameters: total %s, active %s per token%n", count(p.total()), count(p.active()));
        out.printf("  (%s)%n", p.activeConvention());
        out.printf("  embeddings %s, lm_head %s, attention %s, norms %s, routers %s, experts %s (top-k %s), shared %s, dense MLPs %s%n",
                count(p.embeddings()), count(p.lmHead()), count(p.attention()), count(p.norms()), count(p.routers()),
                count(p.experts()), count(p.activeExperts()), count(p.sharedExperts()), count(p.denseMlps()));
        if (in.hasWeights()) {
            String dtypes = in.storedDtypes().entrySet().stream()
                    .map(e -> e.getKey() + " " + count(e.getValue())).collect(Collectors.joining(", "));
            out.printf("checkpoint: %s parameters stored (%s), %s on disk%s%n", count(in.storedParameters()), dtypes,
                    MemoryCheck.gib(in.storedBytes()),
                    in.storedParameters() == p.total() ? "" : " (differs from the config's count " + count(p.total()) + ")");
        } else {
            out.printf("checkpoint: no weights (config only); torch_dtype %s%n", c.torchDtype());
        }
        out.printf("weights by dtype: f32 %s, f16 %s, bf16 %s%n", MemoryCheck.gib(p.total() * 4),
                MemoryCheck.gib(p.total() * 2), MemoryCheck.gib(p.total() * 2));
        out.printf("as loaded: cpu f32 (default and only; F16/BF16 weights widened): %s; gpu f16 (default; BF16 cast to f16): %s, "
                        + "gpu f32: %s%n", MemoryCheck.gib(p.total() * 4), MemoryCheck.gib(p.total() * 2), MemoryCheck.gib(p.total() * 4));
        out.printf("load policy: %s, weights in %s%n", policy.describe(),
                policy.weightStorage() == LoadPolicy.WeightStorage.GPU_MEMORY ? "GPU memory" : "JVM direct memory (host RAM)");

        DeviceProbe probe = DeviceProbe.probe();
        probe.describe().forEach(line -> out.println("device: " + line));
        long available;
        long directLimit = -1;
        if (dev == Device.CPU) {
            HostMemory host = HostMemory.probe();
            available = host.availableBytes();
            directLimit = host.jvmDirectMemoryBytes();
            out.printf("device: cpu memory available %s (MemAvailable%s); JVM max heap %s, direct-memory limit %s "
                            + "(CPU weights live there)%n", MemoryCheck.gib(available),
                    host.cgroupFreeBytes() >= 0 ? ", capped by the cgroup limit" : "", MemoryCheck.gib(host.jvmMaxHeapBytes()),
                    MemoryCheck.gib(directLimit));
        } else {
            available = Math.max(0, probe.gpuFreeBytes());
            if (probe.gpus().isEmpty()) {
                out.println("device: no GPU visible; the check below assumes 0 bytes free");
            }
        }
        MemoryCheck check = policy.check(c, context, available, directLimit); // what the load under this policy checks
        String verdict = "fits";
        if (available < check.requiredBytes()) {
            verdict = "does NOT fit (short by " + MemoryCheck.gib(check.requiredBytes() - available) + ")";
        }
        if (!check.fitsDirectMemory()) {
            verdict = (check.fits() ? "" : verdict.equals("fits") ? "does NOT fit: " : verdict + "; ")
                    + "the weights exceed the JVM direct-memory limit of " + MemoryCheck.gib(directLimit)
                    + " (raise -XX:MaxDirectMemorySize through MOESCOPE_JAVA_OPTS)";
        }
        out.printf("fit: %s -> %s%n", check.describe(), verdict);
        out.printf("  (margin = %d MiB runtime + 10%% of weights and KV + one layer's attention scores + full-context f32 logits)%n",
                MemoryCheck.RUNTIME_OVERHEAD_MIB);
        if (in.hasWeights()) {
            out.printf("execution: %s%n", policy.execution(model, residentMemory.bytes()).describe());
        }
        out.flush();
        return 0;
    }

    /** "0-2, 5, 7-9" for ascending indices; "none" when empty. */
    static String ranges(List<Integer> xs) {
        if (xs.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        int start = xs.get(0);
        int prev = start;
        for (int i = 1; i <= xs.size(); i++) {
            if (i < xs.size() && xs.get(i) == prev + 1) {
                prev = xs.get(i);
                continue;
            }
            parts.add(start == prev ? Integer.toString(start) : start + "-" + prev);
            if (i < xs.size()) {
                start = xs.get(i);
                prev = start;
            }
        }
        return String.join(", ", parts);
    }

    /** 30.53B, 212.08M, 4.10K. */
    static String count(long n) {
        if (n >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.2fB", n / 1e9);
        }
        if (n >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        if (n >= 1_000L) {
            return String.format(Locale.ROOT, "%.2fK", n / 1e3);
        }
        return Long.toString(n);
    }
}
