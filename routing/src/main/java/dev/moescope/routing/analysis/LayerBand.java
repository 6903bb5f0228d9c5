package dev.moescope.routing.analysis;

import java.util.Arrays;
import java.util.Locale;

/**
 * Bands of MoE layers used to mask or steer experts: the first, middle and last quarter, and all.
 *
 * <p>Index arithmetic for L MoE layers, by position p in [0, L) in the list of MoE layers: with
 * q = max(1, floor(L / 4)),
 * <ul>
 *   <li>EARLY = [0, q)</li>
 *   <li>MIDDLE = [m, m + q) with m = floor((L - q) / 2) (centred; when it cannot be exactly
 *       centred, it sits one position earlier)</li>
 *   <li>LATE = [L - q, L)</li>
 *   <li>ALL = [0, L)</li>
 * </ul>
 * Examples: L = 4: early [0], middle [1], late [3]; L = 5: [0], [2], [4]; L = 6: [0], [2], [5];
 * L = 48: [0..11], [18..29], [36..47]. With L &lt; 4 the bands have one layer each and may overlap.
 */
public enum LayerBand {
    EARLY, MIDDLE, LATE, ALL;

    /** Positions (into the list of MoE layers) of this band for L MoE layers. */
    public int[] positions(int moeLayerCount) {
        if (moeLayerCount < 1) {
            throw new IllegalArgumentException("layer band of a model with " + moeLayerCount + " MoE layers");
        }
        int quarter = Math.max(1, moeLayerCount / 4);
        int start = switch (this) {
            case EARLY, ALL -> 0;
            case MIDDLE -> (moeLayerCount - quarter) / 2;
            case LATE -> moeLayerCount - quarter;
        };
        int length = this == ALL ? moeLayerCount : quarter;
        int[] positions = new int[length];
        for (int i = 0; i < length; i++) {
            positions[i] = start + i;
        }
        return positions;
    }

    /** Decoder layer indices of this band, given the decoder indices of the MoE layers. */
    public int[] decoderLayers(int[] moeLayers) {
        return Arrays.stream(positions(moeLayers.length)).map(p -> moeLayers[p]).toArray();
    }

    /** Lower-case name as used on the command line and in files ("early", "middle", ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "early", "middle", "late" or "all" (any case). */
    public static LayerBand parse(String text) {
        for (LayerBand band : values()) {
            if (band.id().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return band;
            }
        }
        throw new IllegalArgumentException("unknown layer band '" + text + "'; expected one of early, middle, late, all");
    }
}
