package dev.moescope.routing.store;

import java.util.Objects;

/**
 * What identifies an imported run of aggregates (see {@link RoutingStore#importAggregates}).
 *
 * @param model         the model the statistics describe (a synthetic fingerprint: no checkpoint is at hand)
 * @param corpusName    the corpus row the run hangs off, e.g. "imported:qwen3-30b-a3b-mgsm"
 * @param source        where the statistics were read from (the folder)
 * @param selectionJson JSON describing the import (format, files, languages)
 * @param contentSha256 sha256 of the imported numbers: the same data imported twice is one run
 * @param promptFormat  the prompt format the recorder used, as far as known, or null
 */
public record ImportedRun(ModelInfo model, String corpusName, String source, String selectionJson,
                          String contentSha256, String promptFormat) {
    public ImportedRun {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(corpusName, "corpusName");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(selectionJson, "selectionJson");
        Objects.requireNonNull(contentSha256, "contentSha256");
    }
}
