package dev.moescope.routing.store;

/** Held-out log-likelihood of one language under one intervention; bits per byte = nll / (ln 2 * bytes). */
public record EvalResult(String lang, double nllNats, long scoredBytes, long scoredTokens) {
    public double bitsPerByte() {
        return scoredBytes == 0 ? Double.NaN : nllNats / (Math.log(2) * scoredBytes);
    }
}
