package dev.moescope.routing.analysis;

import java.util.Arrays;
import java.util.List;

/**
 * The settings of the paper's scripts (Qwen3-30B-A3B, 48 MoE layers), and their scaling to a model of another depth.
 *
 * <p>Steering ({@code scripts/run_steer_polymath.sh}): k = 20, thr = 0.7, lambda = 0.022 (0.034 for T1 = zh),
 * layers 10-39. Masking ({@code scripts/run_intervention_mgsm.sh}, {@code _flores.sh}): k = 15, thr = 0.4, layer
 * ranges 0-4, 22-26 and 43-47; XQuAD ({@code _xquad.sh}): k = 32, thr = 0.5, ranges 0-9, 19-28, 38-47.
 *
 * <p>Scaling: a range [a, b] of the paper's 48 layers becomes the positions [round(a * L / 48), round((b + 1) * L / 48) - 1]
 * in the list of L MoE layers (at least one position), i.e. the same fractions of the depth; for L = 48 it is the
 * paper's range itself.
 */
public final class PaperSettings {
    /** MoE layers of the paper's model (Qwen3-30B-A3B). */
    public static final int PAPER_LAYERS = 48;
    public static final int STEER_TOP_K = 20;
    public static final double STEER_THRESHOLD = 0.7;
    public static final double STEER_LAMBDA = 0.022;
    /** The steering band, layers 10-39 of 48. */
    public static final Range STEER_BAND = new Range(10, 39);
    public static final int MASK_TOP_K = 15;
    public static final double MASK_THRESHOLD = 0.4;
    /** The masking ranges of the MGSM and FLORES scripts: 0-4, 22-26, 43-47 of 48. */
    public static final List<Range> MASK_BANDS = List.of(new Range(0, 4), new Range(22, 26), new Range(43, 47));
    /** The masking ranges of the XQuAD script: 0-9, 19-28, 38-47 of 48. */
    public static final List<Range> MASK_BANDS_XQUAD = List.of(new Range(0, 9), new Range(19, 28), new Range(38, 47));

    private PaperSettings() {
    }

    /** A range of the paper's 48 layers, inclusive. */
    public record Range(int first, int last) {
        public Range {
            if (first < 0 || last < first || last >= PAPER_LAYERS) {
                throw new IllegalArgumentException("paper layer range " + first + "-" + last + " outside 0-" + (PAPER_LAYERS - 1));
            }
        }

        /** Positions (into the list of MoE layers) of this range scaled to L MoE layers. */
        public int[] positions(int moeLayerCount) {
            if (moeLayerCount < 1) {
                throw new IllegalArgumentException("layer range of a model with " + moeLayerCount + " MoE layers");
            }
            int from = (int) Math.round((double) first * moeLayerCount / PAPER_LAYERS);
            int to = (int) Math.round((double) (last + 1) * moeLayerCount / PAPER_LAYERS) - 1;
            from = Math.min(from, moeLayerCount - 1);
            to = Math.max(from, Math.min(to, moeLayerCount - 1));
            int[] out = new int[to - from + 1];
            for (int i = 0; i < out.length; i++) {
                out[i] = from + i;
            }
            return out;
        }

        /** Decoder layers of this range scaled to a model, given the decoder indices of its MoE layers. */
        public int[] decoderLayers(int[] moeLayers) {
            return Arrays.stream(positions(moeLayers.length)).map(p -> moeLayers[p]).toArray();
        }

        /** "10-39". */
        @Override
        public String toString() {
            return first + "-" + last;
        }
    }
}
