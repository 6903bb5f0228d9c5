package dev.moescope.routing.analysis;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Which experts to mask (switch off) in a band of layers, taken from an
 * {@link ExpertClassification}: the experts exclusive to one language, or the shared experts.
 *
 * <p>Result: decoder layer -&gt; expert ids (ascending), sorted by layer, unmodifiable; layers of the
 * band where nothing is selected are left out.
 */
public final class MaskSelection {

    private MaskSelection() {
    }

    /** Experts exclusive to {@code language} at each band layer. */
    public static Map<Integer, List<Integer>> exclusiveExperts(List<LayerClassification> classification, String language,
                                                               int[] bandDecoderLayers) {
        return select(classification, bandDecoderLayers, layer -> layer.exclusiveExperts(language));
    }

    /**
     * The paper's mask for a (comma-separated) target: at each band layer the experts whose shares of the targets,
     * summed, exceed thr (strictly; {@code ablation_experts} in the paper's intervention scripts). For one target this
     * is its exclusive experts.
     */
    public static Map<Integer, List<Integer>> targetExperts(List<LayerClassification> classification, List<String> targets,
                                                            double threshold, int[] bandDecoderLayers) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a mask needs at least one target language");
        }
        return select(classification, bandDecoderLayers, layer -> {
            double[] summed = SteeringCoefficients.summedShare(layer, targets);
            List<Integer> out = new java.util.ArrayList<>();
            for (int e = 0; e < summed.length; e++) {
                if (summed[e] > threshold) {
                    out.add(e);
                }
            }
            return out;
        });
    }

    /** Shared experts at each band layer. */
    public static Map<Integer, List<Integer>> sharedExperts(List<LayerClassification> classification, int[] bandDecoderLayers) {
        return select(classification, bandDecoderLayers, LayerClassification::sharedExperts);
    }

    /** Total number of (layer, expert) pairs in a selection. */
    public static int size(Map<Integer, List<Integer>> selection) {
        return selection.values().stream().mapToInt(List::size).sum();
    }

    private static Map<Integer, List<Integer>> select(List<LayerClassification> classification, int[] bandDecoderLayers,
                                                      Function<LayerClassification, List<Integer>> experts) {
        Map<Integer, LayerClassification> byLayer = new TreeMap<>();
        for (LayerClassification layer : classification) {
            byLayer.put(layer.decoderLayer(), layer);
        }
        Map<Integer, List<Integer>> selection = new TreeMap<>();
        for (int decoderLayer : bandDecoderLayers) {
            LayerClassification layer = byLayer.get(decoderLayer);
            if (layer == null) {
                throw new IllegalArgumentException("decoder layer " + decoderLayer + " of the mask band has no expert classification; classified layers: " + byLayer.keySet());
            }
            List<Integer> chosen = experts.apply(layer);
            if (!chosen.isEmpty()) {
                selection.put(decoderLayer, List.copyOf(chosen));
            }
        }
        return Collections.unmodifiableMap(selection);
    }
}
