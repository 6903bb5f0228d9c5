package dev.moescope.routing.store;

/** One corpus segment as stored: {@code split} is "train" or "heldout". */
public record SampleText(String lang, String segmentId, String article, String split, String text) {
}
