package dev.moescope.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing figures of {@code moescope eval}, for any per-text feature vector (expert-usage histograms of a
 * model, or byte- and token-frequency histograms as controls): nearest-centroid language identification (cosine) and the
 * per-language mean vectors that the family dendrogram is built from.
 */
final class EvalFeatures {

    private EvalFeatures() {
    }

    /** 256-dim byte-frequency histogram of the UTF-8 bytes, normalised to sum 1. */
    static double[] byteHistogram(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        double[] h = new double[256];
        for (byte b : utf8) {
            h[b & 0xff] += 1.0 / utf8.length;
        }
        return h;
    }

    /** Token-frequency histogram over a vocabulary of {@code vocab} ids, normalised to sum 1. */
    static double[] tokenHistogram(int[] ids, int vocab) {
        double[] h = new double[vocab];
        for (int id : ids) {
            h[id] += 1.0 / ids.length;
        }
        return h;
    }

    static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    static double[] mean(List<double[]> vectors) {
        double[] m = new double[vectors.get(0).length];
        for (double[] v : vectors) {
            for (int i = 0; i < m.length; i++) {
                m[i] += v[i] / vectors.size();
            }
        }
        return m;
    }

    /** Per-language centroids of the given vectors. */
    static Map<String, double[]> centroids(Map<String, List<double[]>> byLanguage) {
        Map<String, double[]> out = new LinkedHashMap<>();
        byLanguage.forEach((lang, vs) -> out.put(lang, mean(vs)));
        return out;
    }

    /** The language whose centroid is most cosine-similar to {@code v}. */
    static String nearest(double[] v, Map<String, double[]> centroids) {
        String best = null;
        double bestSim = Double.NEGATIVE_INFINITY;
        for (Map.Entry<String, double[]> e : centroids.entrySet()) {
            double sim = cosine(v, e.getValue());
            if (sim > bestSim) {
                bestSim = sim;
                best = e.getKey();
            }
        }
        return best;
    }

    /** 1 - cosine between language vectors (clamped at 0), as a square matrix in {@code langs} order. */
    static double[][] cosineDistances(List<String> langs, Map<String, double[]> vectors) {
        int n = langs.size();
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double v = Math.max(0, 1 - cosine(vectors.get(langs.get(i)), vectors.get(langs.get(j))));
                d[i][j] = v;
                d[j][i] = v;
            }
        }
        return d;
    }

    /** Held-out feature vectors classified against training centroids: correct count per language. */
    static Map<String, Integer> lidCorrect(Map<String, List<double[]>> train, Map<String, List<double[]>> heldOut) {
        Map<String, double[]> c = centroids(train);
        Map<String, Integer> correct = new LinkedHashMap<>();
        heldOut.forEach((lang, vs) -> {
            int ok = 0;
            for (double[] v : vs) {
                if (lang.equals(nearest(v, c))) {
                    ok++;
                }
            }
            correct.put(lang, ok);
        });
        return correct;
    }

    /** Concatenation of two lists per language (for centroids over all articles). */
    static Map<String, List<double[]>> union(Map<String, List<double[]>> a, Map<String, List<double[]>> b) {
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        a.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        b.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return out;
    }
}
