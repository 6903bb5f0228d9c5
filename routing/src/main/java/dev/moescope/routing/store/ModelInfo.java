package dev.moescope.routing.store;

import java.util.List;

/**
 * A model as the store knows it.
 *
 * @param fingerprint sha256 hex of config.json and the safetensors headers ({@link ModelFingerprint})
 * @param moeLayers   decoder layer indices of the MoE layers, ascending
 */
public record ModelInfo(String fingerprint, String path, String arch, int numLayers, List<Integer> moeLayers,
                        int numExperts, int topK) {
    public ModelInfo {
        moeLayers = List.copyOf(moeLayers);
    }
}
