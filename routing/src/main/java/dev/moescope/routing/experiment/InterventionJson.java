package dev.moescope.routing.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/** Steering files in the fixtures' format: {@code mask} and {@code scaled} parts. */
public final class InterventionJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InterventionJson() {
    }

    /** {"mask": {"<layer>": [experts]}}; layers without experts are left out, an empty selection is "{}". */
    public static String mask(Map<Integer, List<Integer>> experts) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode mask = JSON.createObjectNode();
        experts.forEach((layer, ids) -> {
            if (!ids.isEmpty()) {
                ArrayNode a = mask.putArray(String.valueOf(layer));
                ids.forEach(a::add);
            }
        });
        if (mask.isEmpty()) {
            return "{}";
        }
        root.set("mask", mask);
        return root.toString();
    }

    /** {"scaled": {"lambda": x, "experts": {"<layer>": {"<expert>": s}}}}. */
    public static String scaled(double lambda, Map<Integer, Map<Integer, Double>> coefficients) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode scaled = root.putObject("scaled");
        scaled.put("lambda", lambda);
        ObjectNode experts = scaled.putObject("experts");
        coefficients.forEach((layer, byExpert) -> {
            ObjectNode l = experts.putObject(String.valueOf(layer));
            byExpert.forEach((e, s) -> l.put(String.valueOf(e), s));
        });
        return root.toString();
    }
}
