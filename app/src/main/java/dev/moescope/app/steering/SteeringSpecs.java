package dev.moescope.app.steering;

import dev.moescope.app.backend.ModelInfo;
import dev.moescope.bridge.RouterIntervention;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The steering tab's intervention from its parts, and whether a steering file fits a model (headless). */
final class SteeringSpecs {

    private SteeringSpecs() {
    }

    /**
     * The intervention on the MoE layers at positions lo..hi whose weight is not 0: scaled coefficients {@code s} and
     * biases {@code b} (layer -> expert -> value) times the layer's weight, masks {@code m} as they are.
     */
    static RouterIntervention build(List<Integer> moeLayers, int lo, int hi, double[] weights, double lambda,
                                    Map<Integer, ? extends Map<Integer, Double>> s, Map<Integer, ? extends Map<Integer, Double>> b,
                                    Map<Integer, ? extends Collection<Integer>> m) {
        Map<Integer, Map<Integer, Double>> bias = new TreeMap<>();
        Map<Integer, Map<Integer, Double>> scaled = new TreeMap<>();
        Map<Integer, List<Integer>> mask = new TreeMap<>();
        for (int i = lo; i <= hi && i < moeLayers.size(); i++) {
            int layer = moeLayers.get(i);
            double w = weights[i];
            if (w == 0) {
                continue;
            }
            putScaled(scaled, layer, s.get(layer), w);
            putScaled(bias, layer, b.get(layer), w);
            if (m.containsKey(layer) && !m.get(layer).isEmpty()) {
                mask.put(layer, List.copyOf(m.get(layer)));
            }
        }
        return RouterIntervention.of(bias, scaled.isEmpty() ? 0 : lambda, scaled, mask);
    }

    private static void putScaled(Map<Integer, Map<Integer, Double>> out, int layer, Map<Integer, Double> values, double w) {
        if (values == null || values.isEmpty()) {
            return;
        }
        Map<Integer, Double> row = new TreeMap<>();
        values.forEach((e, v) -> row.put(e, v * w));
        out.put(layer, row);
    }

    /**
     * Why a steering file does not fit a model (a layer that is not one of its MoE layers, or an expert it
     * does not have), or null when it fits.
     */
    static String mismatch(RouterIntervention spec, ModelInfo model) {
        for (int layer : spec.layers()) {
            if (!model.moeLayers().contains(layer)) {
                return "steering names layer " + layer + ", which is not an MoE layer of " + model.name()
                        + " (MoE layers " + model.moeLayers() + ")";
            }
            try {
                spec.terms(layer, model.numExperts());
            } catch (IllegalArgumentException e) {
                return e.getMessage() + " in " + model.name();
            }
        }
        return null;
    }
}
