package dev.moescope.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed access to config fields; wrong types give a message naming the file and the field. */
record ConfigFields(JsonNode root, String source) {
    private static final ObjectMapper JSON = new ObjectMapper();

    boolean has(String name) {
        return root.has(name);
    }

    private JsonNode present(String name) {
        JsonNode n = root.get(name);
        return n == null || n.isNull() ? null : n;
    }

    int integer(String name, int def) {
        Integer v = optInteger(name);
        return v == null ? def : v;
    }

    Integer optInteger(String name) {
        JsonNode n = present(name);
        if (n == null) {
            return null;
        }
        if (!n.isIntegralNumber() && !(n.isNumber() && n.asDouble() == Math.rint(n.asDouble()))) {
            throw new CheckpointException(source + ": field " + name + " must be an integer, got " + n);
        }
        return n.asInt();
    }

    double number(String name, double def) {
        JsonNode n = present(name);
        if (n == null) {
            return def;
        }
        if (!n.isNumber()) {
            throw new CheckpointException(source + ": field " + name + " must be a number, got " + n);
        }
        return n.asDouble();
    }

    boolean bool(String name, boolean def) {
        JsonNode n = present(name);
        if (n == null) {
            return def;
        }
        if (!n.isBoolean()) {
            throw new CheckpointException(source + ": field " + name + " must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    String str(String name, String def) {
        JsonNode n = present(name);
        return n == null ? def : n.asText();
    }

    List<String> strings(String name) {
        JsonNode n = present(name);
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(e -> out.add(e.asText()));
        }
        return List.copyOf(out);
    }

    List<Integer> ints(String name) {
        JsonNode n = present(name);
        List<Integer> out = new ArrayList<>();
        if (n == null) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new CheckpointException(source + ": field " + name + " must be a list of integers, got " + n);
        }
        for (JsonNode e : n) {
            if (!e.isIntegralNumber()) {
                throw new CheckpointException(source + ": field " + name + " must be a list of integers, got " + n);
            }
            out.add(e.asInt());
        }
        return List.copyOf(out);
    }

    List<Integer> intOrInts(String name) {
        JsonNode n = present(name);
        if (n == null) {
            return List.of();
        }
        if (n.isArray()) {
            return ints(name);
        }
        return List.of(integer(name, 0));
    }

    Map<String, Object> object(String name) {
        JsonNode n = present(name);
        if (n == null) {
            return null;
        }
        if (!n.isObject()) {
            throw new CheckpointException(source + ": field " + name + " must be an object or null, got " + n);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = JSON.convertValue(n, LinkedHashMap.class);
        return Map.copyOf(m.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** A field that must be present (not null): a message naming the file and the field otherwise. */
    JsonNode required(String name) {
        JsonNode n = present(name);
        if (n == null) {
            throw new CheckpointException(source + ": field " + name + " is missing");
        }
        return n;
    }

    boolean isNull(String name) {
        return present(name) == null;
    }
}
