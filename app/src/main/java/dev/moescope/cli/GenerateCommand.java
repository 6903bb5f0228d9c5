package dev.moescope.cli;

import dev.moescope.bridge.CancellationToken;
import dev.moescope.bridge.GenerationOptions;
import dev.moescope.bridge.GenerationResult;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.RouterIntervention;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code moescope generate}: streams generated text to stdout. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate text from a prompt (greedy by default), streaming it to stdout.")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--text", required = true, description = "the prompt")
    String text;

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "default: ${DEFAULT-VALUE}")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "0", description = "0 for greedy; default: ${DEFAULT-VALUE}")
    float temperature;

    @Option(names = "--top-p", defaultValue = "1.0", description = "nucleus sampling mass; default: ${DEFAULT-VALUE}")
    float topP;

    @Option(names = "--seed", defaultValue = "0", description = "sampling seed; default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--repetition-penalty", defaultValue = "1.0",
            description = "HF repetition_penalty: seen tokens' logits / p (positive) or * p (negative); 1 = none; default: ${DEFAULT-VALUE}")
    float repetitionPenalty;

    @Option(names = "--no-repeat-ngram", defaultValue = "0",
            description = "never repeat an n-gram of this size (HF no_repeat_ngram_size); 0 = off; default: ${DEFAULT-VALUE}")
    int noRepeatNgram;

    @Option(names = "--bos", description = "prepend the model's BOS token (when it has one)")
    boolean bos;

    @Override
    public Integer call() {
        GenerationOptions opts = new GenerationOptions(maxNewTokens, temperature, topP, seed, false)
                .withRepetitionPenalty(repetitionPenalty).withNoRepeatNgram(noRepeatNgram);
        PrintWriter out = spec.commandLine().getOut();
        try (MoeModel model = modelOptions.load(ModelOptions.DEFAULT_CONTEXT + maxNewTokens)) {
            RouterIntervention steering = modelOptions.steering(model);
            int[] prompt = model.tokenizer().encode(text);
            Integer bosId = model.tokenizer().bosId();
            if (bos && bosId != null) {
                int[] withBos = new int[prompt.length + 1];
                withBos[0] = bosId;
                System.arraycopy(prompt, 0, withBos, 1, prompt.length);
                prompt = withBos;
            }
            if (prompt.length == 0) {
                throw new IllegalArgumentException("--text: the prompt encodes to no tokens");
            }
            CancellationToken cancel = new CancellationToken();
            Thread hook = new Thread(cancel::cancel);
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                StringBuilder streamed = new StringBuilder();
                GenerationResult r = model.generate(Arrays.copyOf(prompt, prompt.length), opts, steering,
                        (id, piece, index) -> {
                            streamed.append(piece);
                            out.print(piece);
                            out.flush();
                        }, cancel);
                // a trailing incomplete UTF-8 character is only in the final text
                if (r.text().startsWith(streamed.toString())) {
                    out.print(r.text().substring(streamed.length()));
                }
                out.println();
                out.flush();
                spec.commandLine().getErr().println("[" + r.tokens().length + " tokens, stop: " + r.stopReason() + "]");
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down
                }
            }
        }
        return 0;
    }
}
