package dev.moescope.bridge;

import java.util.List;
import java.util.Map;

/**
 * Rotation frequencies from {@code rope_theta} and {@code rope_scaling} as transformers v4.57's
 * {@code modeling_rope_utils} computes them (float32 tensors there, float32 here): default, linear, YaRN and
 * longrope. A missing or ill-typed field is an error naming the file and the field.
 */
final class RopeScaling {

    static final List<String> SUPPORTED = List.of("default", "linear", "yarn", "longrope");

    private RopeScaling() {
    }

    /** The rope type of a {@code rope_scaling} object ({@code rope_type}, or the legacy {@code type}). */
    static String type(Map<String, Object> rs) {
        if (rs == null) {
            return "default";
        }
        Object rt = rs.getOrDefault("rope_type", rs.get("type"));
        return rt == null ? "default" : rt.toString();
    }

    /**
     * @param dim                   the rotated dims per head
     * @param maxPositions          {@code max_position_embeddings}
     * @param topLevelOriginal      a top-level {@code original_max_position_embeddings} (phimoe), or null
     */
    static Architecture.Frequencies frequencies(String source, Map<String, Object> rs, double theta, int dim,
                                                int maxPositions, Integer topLevelOriginal) {
        String type = type(rs);
        return switch (type) {
            case "default" -> new Architecture.FixedFrequencies(base(theta, dim), 1f);
            case "linear" -> linear(source, rs, theta, dim);
            case "yarn" -> yarn(source, rs, theta, dim, maxPositions);
            case "longrope" -> longRope(source, rs, theta, dim, maxPositions, topLevelOriginal);
            default -> throw new CheckpointException(source + ": rope_scaling type '" + type
                    + "' is not supported; supported: " + String.join(", ", SUPPORTED));
        };
    }

    /** {@code 1 / theta^(2i/d)}: HF's {@code 1.0 / (base ** (arange(0, dim, 2).float() / dim))}. */
    static float[] base(double theta, int dim) {
        float[] inv = new float[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            float exponent = (float) (2 * i) / dim;
            inv[i] = (float) (1.0f / (float) Math.pow(theta, exponent));
        }
        return inv;
    }

    private static Architecture.FixedFrequencies linear(String source, Map<String, Object> rs, double theta, int dim) {
        double factor = number(source, rs, "factor", null);
        float[] inv = base(theta, dim);
        for (int i = 0; i < inv.length; i++) {
            inv[i] = (float) (inv[i] / factor);
        }
        return new Architecture.FixedFrequencies(inv, 1f);
    }

    /** YaRN's magnitude correction {@code 0.1 * mscale * ln(s) + 1} (1 for s <= 1). */
    static double mscale(double scale, double mscale) {
        return scale <= 1 ? 1.0 : 0.1 * mscale * Math.log(scale) + 1.0;
    }

    /**
     * YaRN: a linear ramp between interpolated ({@code / factor}) and extrapolated frequencies over the dims
     * whose wavelengths lie between {@code beta_fast} and {@code beta_slow} rotations of the original context;
     * cos/sin times {@code attention_factor}. As HF: when {@code original_max_position_embeddings} is given, the
     * factor is {@code max_position_embeddings / original}.
     */
    private static Architecture.FixedFrequencies yarn(String source, Map<String, Object> rs, double theta, int dim,
                                                      int maxPositions) {
        double factor = number(source, rs, "factor", null);
        Double originalRaw = optNumber(source, rs, "original_max_position_embeddings");
        double original = originalRaw != null ? originalRaw : maxPositions;
        if (originalRaw != null) {
            factor = maxPositions / originalRaw;
        }
        Double attentionFactor = optNumber(source, rs, "attention_factor");
        Double ms = optNumber(source, rs, "mscale");
        Double msAll = optNumber(source, rs, "mscale_all_dim");
        double attention;
        if (attentionFactor != null) {
            attention = attentionFactor;
        } else if (ms != null && ms != 0 && msAll != null && msAll != 0) {
            attention = mscale(factor, ms) / mscale(factor, msAll);
        } else {
            attention = mscale(factor, 1.0);
        }
        Double bf = optNumber(source, rs, "beta_fast");
        Double bs = optNumber(source, rs, "beta_slow");
        double betaFast = bf == null || bf == 0 ? 32 : bf;
        double betaSlow = bs == null || bs == 0 ? 1 : bs;
        Object truncateRaw = rs.get("truncate");
        if (truncateRaw != null && !(truncateRaw instanceof Boolean)) {
            throw new CheckpointException(source + ": field rope_scaling.truncate must be true or false, got " + truncateRaw);
        }
        boolean truncate = truncateRaw == null || (Boolean) truncateRaw;
        double low = correctionDim(betaFast, dim, theta, original);
        double high = correctionDim(betaSlow, dim, theta, original);
        if (truncate) {
            low = Math.floor(low);
            high = Math.ceil(high);
        }
        low = Math.max(low, 0);
        high = Math.min(high, dim - 1);
        if (low == high) {
            high += 0.001; // HF's guard against a zero-width ramp
        }
        int half = dim / 2;
        float[] inv = new float[half];
        for (int i = 0; i < half; i++) {
            float posFreq = (float) Math.pow(theta, (float) (2 * i) / dim);        // base ** (arange / dim), float32
            float extrapolation = 1.0f / posFreq;
            float interpolation = (float) (1.0 / (factor * posFreq));
            float ramp = Math.min(1f, Math.max(0f, (float) ((i - (float) low) / (float) (high - low))));
            float extrapolationFactor = 1f - ramp;
            inv[i] = interpolation * (1f - extrapolationFactor) + extrapolation * extrapolationFactor;
        }
        return new Architecture.FixedFrequencies(inv, (float) attention);
    }

    /** The dim whose wavelength fits {@code rotations} times into {@code original} positions. */
    private static double correctionDim(double rotations, int dim, double theta, double original) {
        return dim * Math.log(original / (rotations * 2 * Math.PI)) / (2 * Math.log(theta));
    }

    /**
     * longrope: {@code inv_freq_i = 1 / (ext_i * theta^(2i/d))} with the short or long factors. The factor
     * choice uses the top-level {@code original_max_position_embeddings} (else max_position_embeddings), as
     * HF's rope init; the cos/sin factor is {@code short_mscale}/{@code long_mscale} chosen against
     * {@code rope_scaling.original_max_position_embeddings} (phimoe), else HF's computed attention factor.
     */
    private static Architecture.LongRopeFrequencies longRope(String source, Map<String, Object> rs, double theta,
                                                             int dim, int maxPositions, Integer topLevelOriginal) {
        float[] shortF = factors(source, rs, "short_factor", dim / 2);
        float[] longF = factors(source, rs, "long_factor", dim / 2);
        int original = topLevelOriginal != null ? topLevelOriginal : maxPositions;
        double factor = topLevelOriginal != null ? (double) maxPositions / topLevelOriginal : 1.0;
        Double attentionFactor = optNumber(source, rs, "attention_factor");
        double computed = attentionFactor != null ? attentionFactor
                : factor <= 1.0 ? 1.0 : Math.sqrt(1 + Math.log(factor) / Math.log(original));
        Double scaleOriginal = optNumber(source, rs, "original_max_position_embeddings");
        Double shortMscale = optNumber(source, rs, "short_mscale");
        Double longMscale = optNumber(source, rs, "long_mscale");
        int scaleThreshold = scaleOriginal != null ? scaleOriginal.intValue() : original;
        float shortScale = (float) (shortMscale != null && scaleOriginal != null ? shortMscale : computed);
        float longScale = (float) (longMscale != null && scaleOriginal != null ? longMscale : computed);
        return new Architecture.LongRopeFrequencies(scaled(theta, dim, shortF), scaled(theta, dim, longF), original,
                scaleThreshold, shortScale, longScale);
    }

    private static Architecture.FixedFrequencies scaled(double theta, int dim, float[] ext) {
        float[] inv = new float[dim / 2];
        for (int i = 0; i < inv.length; i++) {
            float shape = (float) (2 * i) / dim;
            inv[i] = 1.0f / (ext[i] * (float) Math.pow(theta, shape));
        }
        return new Architecture.FixedFrequencies(inv, 1f);
    }

    private static float[] factors(String source, Map<String, Object> rs, String field, int n) {
        Object v = rs.get(field);
        if (!(v instanceof List<?> list)) {
            throw new CheckpointException(source + ": field rope_scaling." + field + " is missing (longrope needs "
                    + n + " numbers)");
        }
        if (list.size() != n) {
            throw new CheckpointException(source + ": field rope_scaling." + field + " has " + list.size()
                    + " numbers, expected " + n + " (rotary dims / 2)");
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            if (!(list.get(i) instanceof Number num)) {
                throw new CheckpointException(source + ": field rope_scaling." + field + " must hold numbers");
            }
            out[i] = num.floatValue();
        }
        return out;
    }

    static double number(String source, Map<String, Object> rs, String field, Double def) {
        Double v = optNumber(source, rs, field);
        if (v == null) {
            if (def == null) {
                throw new CheckpointException(source + ": field rope_scaling." + field + " is missing (rope type "
                        + type(rs) + " needs it)");
            }
            return def;
        }
        return v;
    }

    static Double optNumber(String source, Map<String, Object> rs, String field) {
        Object v = rs.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw new CheckpointException(source + ": field rope_scaling." + field + " must be a number, got " + v);
        }
        return n.doubleValue();
    }
}
