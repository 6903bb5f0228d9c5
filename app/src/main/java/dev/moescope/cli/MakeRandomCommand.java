package dev.moescope.cli;

import dev.moescope.bridge.random.RandomCheckpoint;
import dev.moescope.bridge.random.RandomModelSpec;
import dev.moescope.bridge.safetensors.SafetensorsDType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code moescope make-random}: writes a seeded random Hugging Face checkpoint of a supported architecture. */
@Command(name = "make-random", mixinStandardHelpOptions = true,
        description = "Write a random Hugging Face MoE checkpoint (config, tokenizer, safetensors weights).")
public final class MakeRandomCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, description = "qwen3_moe, olmoe, mixtral or qwen2_moe")
    String arch;

    @Option(names = "--out", required = true, description = "output directory (created if needed)")
    Path out;

    @Option(names = "--preset", defaultValue = "tiny", description = "tiny (tests) or bench (hidden 512, 8 layers, "
            + "64 experts, top-8); default: ${DEFAULT-VALUE}")
    String preset;

    @Option(names = "--dtype", defaultValue = "f32", description = "f32, f16 or bf16; default: ${DEFAULT-VALUE}")
    String dtype;

    @Option(names = "--shards", defaultValue = "1", description = "number of safetensors shards; default: ${DEFAULT-VALUE}")
    int shards;

    @Option(names = "--seed", defaultValue = "0", description = "random seed; default: ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() {
        RandomModelSpec model = RandomModelSpec.preset(arch, preset);
        SafetensorsDType type = SafetensorsDType.parse(dtype);
        RandomCheckpoint.Summary s = RandomCheckpoint.write(out, model, type, shards, seed);
        spec.commandLine().getOut().printf("wrote %s (%s, preset %s, %s): %d tensors, %,d parameters, %.1f MB of weights in %d file(s)%n",
                out, model.arch(), preset, type, s.tensors(), s.parameters(), s.weightBytes() / 1e6, shards);
        return 0;
    }
}
