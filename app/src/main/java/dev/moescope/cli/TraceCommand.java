package dev.moescope.cli;

import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.TraceJson;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code moescope trace}: one forward pass, printed as the fixtures' routing trace JSON. */
@Command(name = "trace", mixinStandardHelpOptions = true,
        description = "Run one forward pass and write the routing trace JSON (router logits, top-k experts and "
                + "weights at every MoE layer, and logits).")
public final class TraceCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    ResidentMemoryOption residentMemory;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--ids", split = ",", description = "token ids, comma-separated, fed as given (no BOS)")
        String[] ids;

        @Option(names = "--text", description = "text, tokenized with the model's tokenizer (no special tokens)")
        String text;
    }

    @Option(names = "--out", description = "write the JSON to this file instead of stdout")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (MoeModel model = modelOptions.loadForPrefill(ModelOptions.DEFAULT_CONTEXT, residentMemory.bytes(), false)) {
            int[] ids = input.text != null ? model.tokenizer().encode(input.text) : parseIds(input.ids);
            ForwardResult r = model.forward(ids, ForwardOptions.trace(), modelOptions.steering(model));
            if (out != null) {
                TraceJson.write(r.trace(), r.logits(), out);
            } else {
                TraceJson.write(r.trace(), r.logits(), spec.commandLine().getOut());
            }
        }
        return 0;
    }

    static int[] parseIds(String[] parts) {
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                ids[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--ids: '" + parts[i] + "' is not an integer token id");
            }
        }
        return ids;
    }
}
