package dev.moescope.bridge;

import java.util.Arrays;

/** One generate() call on the inference thread: prefill, then one cached step per new token. */
final class Generation {

    record StepResult(float[] lastLogits /* [V] */, RoutingTrace trace /* new tokens only, or null */) {
    }

    private final MoeModel model;
    private final int[] prompt;
    private final GenerationOptions opts;
    private final RouterIntervention intervention;
    private final TokenListener listener;
    private final CancellationToken cancel;

    Generation(MoeModel model, int[] prompt, GenerationOptions opts, RouterIntervention intervention,
               TokenListener listener, CancellationToken cancel) {
        this.model = model;
        this.prompt = prompt.clone();
        this.opts = opts;
        this.intervention = intervention;
        this.listener = listener == null ? TokenListener.NONE : listener;
        this.cancel = cancel == null ? new CancellationToken() : cancel;
    }

    GenerationResult run() {
        TextTokenizer tok = model.tokenizer();
        Sampler sampler = new Sampler(opts);
        int[] generated = new int[0];
        int[] context = Arrays.copyOf(prompt, prompt.length + opts.maxNewTokens()); // prompt, then each new id
        String stop = "max_new_tokens";
        String emitted = "";
        // every step feeds at most one token, and the prompt once: prompt + maxNewTokens positions suffice
        try (KvCache cache = model.newCache(prompt.length + opts.maxNewTokens())) {
            if (cancel.isCancelled()) {
                return new GenerationResult(generated, "", null, true, "cancelled");
            }
            StepResult step = model.step(cache, prompt, opts.captureRouting(), intervention);
            RoutingTrace trace = step.trace();
            for (int i = 0; i < opts.maxNewTokens(); i++) {
                if (cancel.isCancelled()) {
                    stop = "cancelled";
                    break;
                }
                int id = sampler.next(step.lastLogits(), context, prompt.length + i);
                context[prompt.length + i] = id;
                generated = Arrays.copyOf(generated, generated.length + 1);
                generated[generated.length - 1] = id;
                boolean eos = tok.eosIds().contains(id);
                String delta = "";
                if (!eos) {
                    String full = tok.decode(generated);
                    // hold back while the text ends inside an incomplete UTF-8 character
                    if (!full.endsWith("\uFFFD") && full.startsWith(emitted)) {
                        delta = full.substring(emitted.length());
                        emitted = full;
                    }
                }
                listener.onToken(id, delta, i);
                boolean last = eos || i + 1 == opts.maxNewTokens();
                // the last token is fed once more only to capture its routing
                if (!last || (opts.captureRouting() && !cancel.isCancelled())) {
                    step = model.step(cache, new int[] {id}, opts.captureRouting(), intervention);
                    if (trace != null) {
                        trace = trace.append(step.trace());
                    }
                }
                if (eos) {
                    stop = "eos";
                    break;
                }
            }
            if (opts.maxNewTokens() == 0 && cancel.isCancelled()) {
                stop = "cancelled";
            }
            int textLen = generated.length;
            if (textLen > 0 && tok.eosIds().contains(generated[textLen - 1])) {
                textLen--;
            }
            String text = tok.decode(Arrays.copyOf(generated, textLen));
            boolean cancelled = stop.equals("cancelled");
            return new GenerationResult(generated, text, trace, cancelled, stop);
        }
    }
}
