package dev.moescope.routing.analysis;

/**
 * Bits per byte of text under a language model: bpb = nll / (ln 2 * bytes), where nll is the
 * summed negative log-likelihood in nats of all predicted tokens and bytes the UTF-8 byte count of
 * the text they cover. Unlike per-token loss it is comparable across tokenisers and scripts.
 */
public final class BitsPerByte {

    private BitsPerByte() {
    }

    public static double of(double nllNats, long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("bits per byte needs a positive byte count, got " + bytes);
        }
        if (!Double.isFinite(nllNats) || nllNats < 0) {
            throw new IllegalArgumentException("bits per byte needs a finite, non-negative NLL in nats, got " + nllNats);
        }
        return nllNats / (Math.log(2.0) * bytes);
    }
}
