package dev.moescope.app.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A steering file (the format of /work/shared/fixtures/README.md, read by the CLI too):
 * per layer and expert a logit bias {@code b}, a scaled term {@code lambda * s} on {@code |z|},
 * and masked experts. Maps are layer -> expert -> value, sorted, and never null.
 */
public record SteeringSpec(Map<Integer, Map<Integer, Double>> bias, double lambda,
        Map<Integer, Map<Integer, Double>> scaled, Map<Integer, List<Integer>> mask) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static final SteeringSpec NONE = new SteeringSpec(Map.of(), 0, Map.of(), Map.of());

    public SteeringSpec {
        bias = sortedCopy(bias);
        scaled = sortedCopy(scaled);
        TreeMap<Integer, List<Integer>> m = new TreeMap<>();
        mask.forEach((l, e) -> m.put(l, List.copyOf(e)));
        mask = java.util.Collections.unmodifiableMap(m);
    }

    /** True when applying this spec cannot change routing. */
    public boolean isNone() {
        boolean anyBias = bias.values().stream().anyMatch(e -> e.values().stream().anyMatch(v -> v != 0));
        boolean anyScaled = lambda != 0
                && scaled.values().stream().anyMatch(e -> e.values().stream().anyMatch(v -> v != 0));
        boolean anyMask = mask.values().stream().anyMatch(e -> !e.isEmpty());
        return !anyBias && !anyScaled && !anyMask;
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        if (!bias.isEmpty()) {
            root.set("bias", layerMap(bias));
        }
        if (!scaled.isEmpty()) {
            ObjectNode s = JSON.createObjectNode();
            s.put("lambda", lambda);
            s.set("experts", layerMap(scaled));
            root.set("scaled", s);
        }
        if (!mask.isEmpty()) {
            ObjectNode m = JSON.createObjectNode();
            mask.forEach((l, experts) -> {
                ArrayNode a = m.putArray(Integer.toString(l));
                experts.forEach(a::add);
            });
            root.set("mask", m);
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + "\n");
    }

    public static SteeringSpec read(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** Parses a steering file; {@code source} names it in error messages. */
    public static SteeringSpec parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": a steering file must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!List.of("bias", "scaled", "mask").contains(f)) {
                throw new IllegalArgumentException(source + ": unknown field \"" + f + "\" (expected bias, scaled, mask)");
            }
        }
        Map<Integer, Map<Integer, Double>> bias = root.has("bias") ? readLayerMap(root.get("bias"), source, "bias") : Map.of();
        double lambda = 0;
        Map<Integer, Map<Integer, Double>> scaled = Map.of();
        if (root.has("scaled")) {
            JsonNode s = root.get("scaled");
            if (!s.isObject() || !s.has("lambda") || !s.get("lambda").isNumber()) {
                throw new IllegalArgumentException(source + ": field scaled.lambda must be a number");
            }
            lambda = s.get("lambda").asDouble();
            scaled = s.has("experts") ? readLayerMap(s.get("experts"), source, "scaled.experts") : Map.of();
        }
        Map<Integer, List<Integer>> mask = new TreeMap<>();
        if (root.has("mask")) {
            JsonNode m = root.get("mask");
            if (!m.isObject()) {
                throw new IllegalArgumentException(source + ": field mask must be an object of layer -> [experts]");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                var e = it.next();
                int layer = index(e.getKey(), source, "mask");
                if (!e.getValue().isArray()) {
                    throw new IllegalArgumentException(source + ": field mask." + e.getKey() + " must be an array of expert indices");
                }
                List<Integer> experts = new ArrayList<>();
                for (JsonNode x : e.getValue()) {
                    if (!x.canConvertToInt() || x.asInt() < 0) {
                        throw new IllegalArgumentException(source + ": field mask." + e.getKey() + " holds a non-index value " + x);
                    }
                    experts.add(x.asInt());
                }
                mask.put(layer, experts);
            }
        }
        return new SteeringSpec(bias, lambda, scaled, mask);
    }

    private static ObjectNode layerMap(Map<Integer, Map<Integer, Double>> map) {
        ObjectNode o = JSON.createObjectNode();
        map.forEach((l, experts) -> {
            ObjectNode e = o.putObject(Integer.toString(l));
            experts.forEach((x, v) -> e.put(Integer.toString(x), v));
        });
        return o;
    }

    private static Map<Integer, Map<Integer, Double>> readLayerMap(JsonNode node, String source, String field) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(source + ": field " + field + " must be an object of layer -> {expert: value}");
        }
        Map<Integer, Map<Integer, Double>> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var layer = it.next();
            int l = index(layer.getKey(), source, field);
            if (!layer.getValue().isObject()) {
                throw new IllegalArgumentException(source + ": field " + field + "." + l + " must be an object of expert -> value");
            }
            Map<Integer, Double> experts = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> ex = layer.getValue().fields(); ex.hasNext(); ) {
                var e = ex.next();
                if (!e.getValue().isNumber()) {
                    throw new IllegalArgumentException(source + ": field " + field + "." + l + "." + e.getKey() + " must be a number");
                }
                experts.put(index(e.getKey(), source, field + "." + l), e.getValue().asDouble());
            }
            out.put(l, experts);
        }
        return out;
    }

    private static int index(String key, String source, String field) {
        try {
            int v = Integer.parseInt(key);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(source + ": field " + field + " has key \"" + key + "\", expected a non-negative decimal index");
    }

    private static Map<Integer, Map<Integer, Double>> sortedCopy(Map<Integer, Map<Integer, Double>> in) {
        TreeMap<Integer, Map<Integer, Double>> out = new TreeMap<>();
        in.forEach((l, e) -> out.put(l, java.util.Collections.unmodifiableMap(new TreeMap<>(e))));
        return java.util.Collections.unmodifiableMap(out);
    }
}
