package dev.moescope.routing.analysis;

/**
 * Entropy and divergence of discrete distributions (arrays of non-negative numbers that sum to 1,
 * or all zeros for "no data").
 *
 * <p>Conventions: 0 * log 0 = 0. Entropy is in nats. Jensen-Shannon divergence is in bits
 * (log base 2), so it lies in [0, 1]: 0 for identical distributions, 1 for disjoint supports.
 */
public final class Distributions {

    private static final double LN2 = Math.log(2.0);

    private Distributions() {
    }

    /**
     * Usage distribution p_e = counts_e / sum counts. All zeros when the counts sum to 0 (no data).
     */
    public static double[] normalise(long[] counts) {
        long sum = 0;
        for (long c : counts) {
            sum += c;
        }
        return ActivationFrequency.divide(counts, sum);
    }

    /** Normalises non-negative weights to sum 1; all zeros when they sum to 0. */
    public static double[] normalise(double[] weights) {
        double sum = 0;
        for (double w : weights) {
            sum += w;
        }
        double[] p = new double[weights.length];
        if (sum > 0) {
            for (int i = 0; i < weights.length; i++) {
                p[i] = weights[i] / sum;
            }
        }
        return p;
    }

    /** Shannon entropy H(p) = -sum p log p in nats; 0 for the all-zero "no data" vector. */
    public static double entropyNats(double[] p) {
        double h = 0;
        for (double x : p) {
            if (x > 0) {
                h -= x * Math.log(x);
            }
        }
        return h;
    }

    /**
     * Jensen-Shannon divergence in bits: JSD = 1/2 KL(p || m) + 1/2 KL(q || m), m = (p + q) / 2,
     * with log base 2, in [0, 1]. Both arguments must be distributions of the same length.
     */
    public static double jensenShannonBits(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("Jensen-Shannon divergence of distributions of different lengths: " + p.length + " vs " + q.length);
        }
        double jsd = 0;
        for (int i = 0; i < p.length; i++) {
            double m = 0.5 * (p[i] + q[i]);
            if (p[i] > 0) {
                jsd += 0.5 * p[i] * Math.log(p[i] / m);
            }
            if (q[i] > 0) {
                jsd += 0.5 * q[i] * Math.log(q[i] / m);
            }
        }
        // Rounding can leave -1e-17 or 1 + 1e-16: clamp into the mathematical range.
        return Math.min(1.0, Math.max(0.0, jsd / LN2));
    }

    /** Cosine similarity u.v / (|u| |v|); the caller must ensure neither vector is all zeros. */
    public static double cosine(double[] u, double[] v) {
        if (u.length != v.length) {
            throw new IllegalArgumentException("cosine of vectors of different lengths: " + u.length + " vs " + v.length);
        }
        double dot = 0;
        double uu = 0;
        double vv = 0;
        for (int i = 0; i < u.length; i++) {
            dot += u[i] * v[i];
            uu += u[i] * u[i];
            vv += v[i] * v[i];
        }
        return dot / Math.sqrt(uu * vv);
    }

    /** True when every entry is 0. */
    public static boolean isEmpty(double[] p) {
        for (double x : p) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }
}
