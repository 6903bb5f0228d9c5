package dev.moescope.routing.store;

import java.util.List;

/**
 * The routing of one whole sample (every prompt token, prefill only) ready to commit.
 *
 * @param sampleId store id of the sample
 * @param tokens   [T] token ids fed to the model
 * @param layers   one entry per MoE layer, ascending
 */
public record SampleTrace(long sampleId, String lang, int[] tokens, List<LayerTrace> layers) {
}
