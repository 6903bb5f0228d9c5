package dev.moescope.viz.palette;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

/**
 * Distinguishable colours for up to {@value #SIZE} expert ids. Built once by greedy farthest-point
 * sampling in OKLab: start from the Okabe-Ito colours, then repeatedly add the sRGB candidate (16
 * levels per channel) farthest from every colour chosen so far. Candidates are restricted to mid/light
 * lightness and non-grey chroma so that chip text stays readable and grey keeps meaning "neutral".
 * Ids >= {@value #SIZE} wrap around.
 */
public final class ExpertPalette {
    public static final int SIZE = 128;

    private static final Color[] COLORS = build(); // [SIZE]

    private ExpertPalette() {}

    /** Colour for an expert id (>= 0). */
    public static Color color(int expertId) {
        if (expertId < 0) {
            throw new IllegalArgumentException("expert id must be >= 0, got " + expertId);
        }
        return COLORS[expertId % SIZE];
    }

    public static List<Color> all() {
        return List.of(COLORS);
    }

    private static Color[] build() {
        List<Color> candidates = new ArrayList<>();
        List<double[]> candLab = new ArrayList<>();
        for (int r = 0; r < 256; r += 17) {
            for (int g = 0; g < 256; g += 17) {
                for (int b = 0; b < 256; b += 17) {
                    Color c = new Color(r, g, b);
                    double[] lab = OkLab.fromColor(c);
                    double chroma = Math.hypot(lab[1], lab[2]);
                    if (lab[0] >= 0.45 && lab[0] <= 0.93 && chroma >= 0.07) {
                        candidates.add(c);
                        candLab.add(lab);
                    }
                }
            }
        }
        double[] minDist = new double[candidates.size()]; // distance of each candidate to the chosen set
        java.util.Arrays.fill(minDist, Double.MAX_VALUE);
        Color[] out = new Color[SIZE];
        int n = 0;
        for (Color seed : Palettes.OKABE_ITO) {
            out[n++] = seed;
            update(minDist, candLab, OkLab.fromColor(seed));
        }
        while (n < SIZE) {
            int best = 0;
            for (int i = 1; i < minDist.length; i++) {
                if (minDist[i] > minDist[best]) {
                    best = i;
                }
            }
            out[n++] = candidates.get(best);
            update(minDist, candLab, candLab.get(best));
        }
        return out;
    }

    private static void update(double[] minDist, List<double[]> candLab, double[] chosen) {
        for (int i = 0; i < minDist.length; i++) {
            double[] p = candLab.get(i);
            double dl = p[0] - chosen[0], da = p[1] - chosen[1], db = p[2] - chosen[2];
            minDist[i] = Math.min(minDist[i], Math.sqrt(dl * dl + da * da + db * db));
        }
    }
}
