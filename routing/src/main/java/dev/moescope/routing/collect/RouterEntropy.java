package dev.moescope.routing.collect;

/** Entropy of the router softmax over all experts, per token. */
public final class RouterEntropy {
    private RouterEntropy() {
    }

    /** H = -sum p ln p (nats) of softmax(logits), computed stably in double. */
    public static float of(float[] logits) { // [E]
        double max = Double.NEGATIVE_INFINITY;
        for (float z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        double weighted = 0; // sum of exp(z - max) * (z - max)
        for (float z : logits) {
            double d = z - max;
            double w = Math.exp(d);
            sum += w;
            weighted += w * d;
        }
        // ln p_i = d_i - ln(sum), so H = ln(sum) - sum(w_i d_i) / sum
        return (float) Math.max(0, Math.log(sum) - weighted / sum); // clamp rounding below 0
    }

    public static float[] perToken(float[][] routerLogits) { // [T, E] -> [T]
        float[] out = new float[routerLogits.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = of(routerLogits[t]);
        }
        return out;
    }
}
