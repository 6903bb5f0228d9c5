package dev.moescope.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Steering of the router logits {@code z} of each MoE layer, applied before the softmax:
 * {@code z' = (z + b) + c * |z|} with {@code c = (float) (lambda * s)} computed in double, then masked
 * experts get {@code -1e9}. Immutable; layers and experts are decoder-layer and expert indices.
 *
 * <p>The one model of steering and masking in moescope: built from a steering file ({@link #read}), a mask
 * selection ({@link #mask}), a steering plan ({@link #scaled}) or the app's sliders ({@link #of}), and passed to
 * each forward, generation and scoring call. JSON appears only at file and database boundaries;
 * {@link #canonicalJson} is the form that run and cache keys hash.
 *
 * @param bias   layer -> expert -> b (float32)
 * @param lambda the global scale of {@code scaled}
 * @param scaled layer -> expert -> s
 * @param mask   layer -> experts forced off
 */
public record RouterIntervention(SortedMap<Integer, SortedMap<Integer, Float>> bias,
                                 double lambda,
                                 SortedMap<Integer, SortedMap<Integer, Double>> scaled,
                                 SortedMap<Integer, SortedSet<Integer>> mask) {

    /** No intervention at all. */
    public static final RouterIntervention NONE =
            new RouterIntervention(new TreeMap<>(), 0.0, new TreeMap<>(), new TreeMap<>());

    /** The value a masked expert's logit is set to. */
    public static final float MASKED_LOGIT = -1e9f;

    private static final ObjectMapper JSON = new ObjectMapper();

    public RouterIntervention {
        bias = freeze(bias);
        scaled = freeze(scaled);
        SortedMap<Integer, SortedSet<Integer>> m = new TreeMap<>();
        mask.forEach((k, v) -> m.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
        mask = Collections.unmodifiableSortedMap(m);
    }

    private static <V> SortedMap<Integer, SortedMap<Integer, V>> freeze(Map<Integer, ? extends Map<Integer, V>> in) {
        SortedMap<Integer, SortedMap<Integer, V>> out = new TreeMap<>();
        in.forEach((k, v) -> out.put(k, Collections.unmodifiableSortedMap(new TreeMap<>(v))));
        return Collections.unmodifiableSortedMap(out);
    }

    /** From plain maps (copied, sorted); bias values are rounded to float32 as a steering file's are. */
    public static RouterIntervention of(Map<Integer, ? extends Map<Integer, ? extends Number>> bias, double lambda,
                                        Map<Integer, ? extends Map<Integer, Double>> scaled,
                                        Map<Integer, ? extends Collection<Integer>> mask) {
        SortedMap<Integer, SortedMap<Integer, Float>> b = new TreeMap<>();
        bias.forEach((layer, row) -> {
            SortedMap<Integer, Float> r = new TreeMap<>();
            row.forEach((e, v) -> r.put(e, v.floatValue()));
            b.put(layer, r);
        });
        SortedMap<Integer, SortedMap<Integer, Double>> s = new TreeMap<>();
        scaled.forEach((layer, row) -> s.put(layer, new TreeMap<>(row)));
        SortedMap<Integer, SortedSet<Integer>> m = new TreeMap<>();
        mask.forEach((layer, experts) -> m.put(layer, new TreeSet<>(experts)));
        return new RouterIntervention(b, lambda, s, m);
    }

    /** Masks the given experts per layer; layers without experts are left out (none at all: {@link #NONE}). */
    public static RouterIntervention mask(Map<Integer, ? extends Collection<Integer>> experts) {
        SortedMap<Integer, SortedSet<Integer>> m = new TreeMap<>();
        experts.forEach((layer, ids) -> {
            if (!ids.isEmpty()) {
                m.put(layer, new TreeSet<>(ids));
            }
        });
        return m.isEmpty() ? NONE : new RouterIntervention(new TreeMap<>(), 0.0, new TreeMap<>(), m);
    }

    /** Scaled steering {@code z + lambda * s * |z|} with coefficients s per layer and expert. */
    public static RouterIntervention scaled(double lambda, Map<Integer, ? extends Map<Integer, Double>> coefficients) {
        return of(Map.of(), lambda, coefficients, Map.of());
    }

    /** Reads a steering file (format of the fixtures README); errors name the file and the field. */
    public static RouterIntervention read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read steering file: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    public static RouterIntervention parse(String json) {
        return parse(json, "steering JSON");
    }

    private static RouterIntervention parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a JSON object with bias/scaled/mask");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!Set.of("bias", "scaled", "mask").contains(key)) {
                throw new IllegalArgumentException(source + ": unknown field '" + key + "' (expected bias, scaled, mask)");
            }
        }
        SortedMap<Integer, SortedMap<Integer, Float>> bias = new TreeMap<>();
        JsonNode b = root.get("bias");
        if (b != null && !b.isNull()) {
            forEachLayer(b, source, "bias", (layer, experts) -> {
                SortedMap<Integer, Float> row = new TreeMap<>();
                forEachExpert(experts, source, "bias." + layer, (e, v) -> row.put(e, (float) v));
                bias.put(layer, row);
            });
        }
        double lambda = 0.0;
        SortedMap<Integer, SortedMap<Integer, Double>> scaled = new TreeMap<>();
        JsonNode s = root.get("scaled");
        if (s != null && !s.isNull()) {
            if (!s.isObject()) {
                throw new IllegalArgumentException(source + ": field scaled must be an object");
            }
            JsonNode l = s.get("lambda");
            if (l != null && !l.isNull()) {
                if (!l.isNumber()) {
                    throw new IllegalArgumentException(source + ": field scaled.lambda must be a number, got " + l);
                }
                lambda = l.asDouble();
            }
            JsonNode ex = s.get("experts");
            if (ex != null && !ex.isNull()) {
                forEachLayer(ex, source, "scaled.experts", (layer, experts) -> {
                    SortedMap<Integer, Double> row = new TreeMap<>();
                    forEachExpert(experts, source, "scaled.experts." + layer, row::put);
                    scaled.put(layer, row);
                });
            }
        }
        SortedMap<Integer, SortedSet<Integer>> mask = new TreeMap<>();
        JsonNode m = root.get("mask");
        if (m != null && !m.isNull()) {
            forEachLayer(m, source, "mask", (layer, experts) -> {
                if (!experts.isArray()) {
                    throw new IllegalArgumentException(source + ": field mask." + layer + " must be a list of expert indices");
                }
                SortedSet<Integer> set = new TreeSet<>();
                for (JsonNode e : experts) {
                    if (!e.isIntegralNumber() || e.asInt() < 0) {
                        throw new IllegalArgumentException(source + ": field mask." + layer
                                + " must hold non-negative integers, got " + e);
                    }
                    set.add(e.asInt());
                }
                mask.put(layer, set);
            });
        }
        return new RouterIntervention(bias, lambda, scaled, mask);
    }

    private interface LayerVisitor {
        void visit(int layer, JsonNode experts);
    }

    private interface ExpertVisitor {
        void visit(int expert, double value);
    }

    private static void forEachLayer(JsonNode node, String source, String field, LayerVisitor v) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(source + ": field " + field + " must be an object keyed by layer index");
        }
        node.fields().forEachRemaining(e -> v.visit(index(e.getKey(), source, field), e.getValue()));
    }

    private static void forEachExpert(JsonNode node, String source, String field, ExpertVisitor v) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(source + ": field " + field + " must be an object keyed by expert index");
        }
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isNumber()) {
                throw new IllegalArgumentException(source + ": field " + field + "." + e.getKey()
                        + " must be a number, got " + e.getValue());
            }
            v.visit(index(e.getKey(), source, field), e.getValue().asDouble());
        });
    }

    private static int index(String key, String source, String field) {
        try {
            int i = Integer.parseInt(key);
            if (i >= 0) {
                return i;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new IllegalArgumentException(source + ": key '" + key + "' in " + field + " is not a non-negative integer");
    }

    /** The steering file JSON of this intervention; {@link #parse} of it gives an equal intervention. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        if (!bias.isEmpty()) {
            ObjectNode b = root.putObject("bias");
            bias.forEach((layer, row) -> {
                ObjectNode r = b.putObject(layer.toString());
                row.forEach((e, v) -> r.put(e.toString(), v));
            });
        }
        if (!scaled.isEmpty() || lambda != 0.0) {
            ObjectNode s = root.putObject("scaled");
            s.put("lambda", lambda);
            ObjectNode ex = s.putObject("experts");
            scaled.forEach((layer, row) -> {
                ObjectNode r = ex.putObject(layer.toString());
                row.forEach((e, v) -> r.put(e.toString(), v));
            });
        }
        if (!mask.isEmpty()) {
            ObjectNode m = root.putObject("mask");
            mask.forEach((layer, set) -> {
                ArrayNode a = m.putArray(layer.toString());
                set.forEach(a::add);
            });
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the steering file ({@link #toJson} and a newline). */
    public void write(Path file) throws IOException {
        Files.writeString(file, toJson() + "\n");
    }

    /**
     * The form run keys and evaluation caches hash: "{}" when {@link #isEmpty}, else {@link #toJson}. Byte-identical
     * to what earlier versions stored, so cached runs keep their identity.
     */
    public String canonicalJson() {
        return isEmpty() ? "{}" : toJson();
    }

    /** True when applying this cannot change routing: every bias and scale is zero and nothing is masked. */
    public boolean isNeutral() {
        return bias.values().stream().allMatch(row -> row.values().stream().allMatch(v -> v == 0f))
                && (lambda == 0.0 || scaled.values().stream().allMatch(row -> row.values().stream().allMatch(v -> v == 0.0)))
                && mask.values().stream().allMatch(Set::isEmpty);
    }

    /** True when this changes nothing. */
    public boolean isEmpty() {
        return bias.values().stream().allMatch(Map::isEmpty)
                && (lambda == 0.0 || scaled.values().stream().allMatch(Map::isEmpty))
                && mask.values().stream().allMatch(Set::isEmpty);
    }

    /** Every layer index this intervention names. */
    public SortedSet<Integer> layers() {
        SortedSet<Integer> out = new TreeSet<>(bias.keySet());
        out.addAll(scaled.keySet());
        out.addAll(mask.keySet());
        return out;
    }

    /**
     * The per-expert terms for one layer, or null when the layer is untouched.
     *
     * @param numExperts experts in the layer; larger expert indices are an error
     */
    public LayerTerms terms(int layer, int numExperts) {
        SortedMap<Integer, Float> b = bias.getOrDefault(layer, Collections.emptySortedMap());
        SortedMap<Integer, Double> s = scaled.getOrDefault(layer, Collections.emptySortedMap());
        SortedSet<Integer> m = mask.getOrDefault(layer, Collections.emptySortedSet());
        if (b.isEmpty() && s.isEmpty() && m.isEmpty()) {
            return null;
        }
        float[] bv = new float[numExperts];
        float[] cv = new float[numExperts];
        boolean[] mv = new boolean[numExperts];
        b.forEach((e, v) -> bv[check(layer, e, numExperts)] = v);
        // c = lambda * s, computed in double, rounded once to float32
        s.forEach((e, v) -> cv[check(layer, e, numExperts)] = (float) (lambda * v));
        m.forEach(e -> mv[check(layer, e, numExperts)] = true);
        return new LayerTerms(bv, cv, mv);
    }

    private static int check(int layer, int expert, int numExperts) {
        if (expert >= numExperts) {
            throw new IllegalArgumentException("steering names expert " + expert + " of layer " + layer
                    + ", but the layer has " + numExperts + " experts (0.." + (numExperts - 1) + ")");
        }
        return expert;
    }

    /** Per-expert bias {@code b}, scale {@code c} and mask of one layer. */
    public record LayerTerms(float[] bias, float[] scale, boolean[] mask) {
    }
}
