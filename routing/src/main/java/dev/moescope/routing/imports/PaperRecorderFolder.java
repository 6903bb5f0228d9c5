package dev.moescope.routing.imports;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.store.StoredAggregates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a folder of the paper's recorder output: one {@code <lang>.json} per language (or {@code <prefix>_<lang>.json}
 * such as {@code mgsm_en.json}), each {@code {"<layer>": {"<expert>": {"activation_tokens": int, "gate_values_sum":
 * float}, ..., "total_tokens": int}, ...}}.
 *
 * <p>Shape: the layers are the keys "0".."L-1" (decoder indices, every one a MoE layer), the experts "0".."E-1";
 * every file must have the same keys. Top-k is inferred as round(sum of activations / total tokens) of the first
 * file's first layer unless given.
 *
 * <p>Checks: negative counts or gate sums, an expert counted on more tokens than the layer has, or a layer whose
 * activations exceed k x total x 1.01 are contradictions and refused, naming file, layer and expert. Sums that
 * differ from k x total by a little (the paper's recorder summed its masks in bfloat16: up to ~0.03% on
 * Qwen3-30B-A3B) are accepted and reported as {@link Result#warnings()}.
 */
public final class PaperRecorderFolder {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PaperRecorderFolder() {
    }

    /**
     * The statistics of a folder.
     *
     * @param aggregates  languages in file-name order, decoder layers 0..L-1, no router entropy (the recorder has none)
     * @param files       the file read for each language, in the same order
     * @param warnings    accepted irregularities, one line each
     * @param sha256      sha256 over the files' bytes in order: identifies the data
     */
    public record Result(StoredAggregates aggregates, List<Path> files, List<String> warnings, String sha256) {
    }

    /** Reads the folder, inferring top-k; see {@link #read(Path, Integer)}. */
    public static Result read(Path folder) {
        return read(folder, null);
    }

    /**
     * @param topK the router's top-k, or null to infer it from the counts
     * @throws IllegalArgumentException naming the file, layer and expert of the first problem
     */
    public static Result read(Path folder, Integer topK) {
        List<Path> files = jsonFiles(folder);
        List<String> languages = languageLabels(files);
        MessageDigest sha = sha256();
        List<JsonNode> roots = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
            }
            sha.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(bytes);
            try {
                roots.add(MAPPER.readTree(bytes));
            } catch (JsonParseException e) {
                throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage()
                        + " (line " + e.getLocation().getLineNr() + ")", e);
            } catch (IOException e) {
                throw new IllegalArgumentException(file + ": cannot parse: " + e.getMessage(), e);
            }
        }
        Shape shape = Shape.of(files.get(0), roots.get(0));
        int k = topK != null ? topK : inferTopK(files.get(0), roots.get(0), shape);
        if (k < 1 || k > shape.experts) {
            throw new IllegalArgumentException(folder + ": top-k " + k + " is outside [1, " + shape.experts + " experts]");
        }
        int nl = files.size();
        long[][] total = new long[nl][shape.layers];
        long[][][] act = new long[nl][shape.layers][shape.experts];
        double[][][] gate = new double[nl][shape.layers][shape.experts];
        List<String> warnings = new ArrayList<>();
        for (int l = 0; l < nl; l++) {
            readFile(files.get(l), roots.get(l), shape, k, total[l], act[l], gate[l], warnings);
        }
        List<Integer> layers = java.util.stream.IntStream.range(0, shape.layers).boxed().toList();
        StoredAggregates agg = new StoredAggregates(languages, layers, shape.experts, k, total, act, gate,
                new double[nl][shape.layers]);
        agg.toRoutingStats(); // the analyses' own validation, so nothing is stored that they would refuse
        return new Result(agg, files, List.copyOf(warnings), HexFormat.of().formatHex(sha.digest()));
    }

    /** The *.json files of the folder, sorted by name; a clear error when there are none. */
    static List<Path> jsonFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": not a folder (expected a folder of <lang>.json recorder files)");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(folder + ": cannot list: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(folder + ": holds no .json file (expected one <lang>.json per language)");
        }
        return files;
    }

    /**
     * Language labels from file names: the name without ".json", less the prefix all files share up to its last
     * '_' or '-' when there are several files ({@code mgsm_en.json, mgsm_zh.json} -> en, zh; {@code eng_Latn.json,
     * zho_Hans.json} keep their names). This is the paper's own {@code {dataset}_{lang}.json} naming.
     */
    static List<String> languageLabels(List<Path> files) {
        List<String> stems = files.stream().map(p -> {
            String n = p.getFileName().toString();
            return n.substring(0, n.length() - ".json".length());
        }).toList();
        int cut = 0;
        if (stems.size() > 1) {
            String prefix = stems.get(0);
            for (String s : stems) {
                int i = 0;
                while (i < prefix.length() && i < s.length() && prefix.charAt(i) == s.charAt(i)) {
                    i++;
                }
                prefix = prefix.substring(0, i);
            }
            cut = Math.max(prefix.lastIndexOf('_'), prefix.lastIndexOf('-')) + 1;
        }
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < stems.size(); i++) {
            String label = stems.get(i).substring(cut);
            if (label.isBlank()) {
                throw new IllegalArgumentException(files.get(i) + ": no language label in the file name");
            }
            if (labels.contains(label)) {
                throw new IllegalArgumentException(files.get(i) + ": language '" + label + "' appears twice");
            }
            labels.add(label);
        }
        return labels;
    }

    /** Layers and experts of the first file: keys "0".."L-1" and "0".."E-1". */
    private record Shape(int layers, int experts) {
        static Shape of(Path file, JsonNode root) {
            if (!root.isObject() || root.isEmpty()) {
                throw new IllegalArgumentException(file + ": expected an object of layers {\"0\": {...}, ...}");
            }
            int layers = root.size();
            JsonNode first = root.get("0");
            if (first == null || !first.isObject()) {
                throw new IllegalArgumentException(file + ": layer \"0\" is missing or not an object");
            }
            int experts = first.size() - (first.has("total_tokens") ? 1 : 0);
            if (experts < 1) {
                throw new IllegalArgumentException(file + ": layer 0 lists no expert");
            }
            return new Shape(layers, experts);
        }
    }

    private static int inferTopK(Path file, JsonNode root, Shape shape) {
        JsonNode layer = root.get("0");
        long total = longField(file, "layer 0", layer, "total_tokens");
        long sum = 0;
        for (int e = 0; e < shape.experts; e++) {
            JsonNode ex = layer.get(Integer.toString(e));
            if (ex != null) {
                sum += longField(file, "layer 0 expert " + e, ex, "activation_tokens");
            }
        }
        if (total <= 0) {
            throw new IllegalArgumentException(file + ": layer 0 has total_tokens " + total + "; cannot infer top-k (give it)");
        }
        return (int) Math.round((double) sum / total);
    }

    private static void readFile(Path file, JsonNode root, Shape shape, int k, long[] total, long[][] act, double[][] gate,
                                 List<String> warnings) {
        if (!root.isObject() || root.size() != shape.layers) {
            throw new IllegalArgumentException(file + ": has " + root.size() + " layers, the other files " + shape.layers);
        }
        long worst = 0;
        int worstLayer = -1;
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            int y = index(file, "layer", entry.getKey(), shape.layers);
            JsonNode layer = entry.getValue();
            String where = "layer " + y;
            if (!layer.isObject()) {
                throw new IllegalArgumentException(file + ": " + where + " is not an object");
            }
            total[y] = longField(file, where, layer, "total_tokens");
            if (total[y] < 0) {
                throw new IllegalArgumentException(file + ": " + where + ": total_tokens is negative (" + total[y] + ")");
            }
            if (layer.size() - 1 != shape.experts) {
                throw new IllegalArgumentException(file + ": " + where + " lists " + (layer.size() - 1) + " experts, expected "
                        + shape.experts);
            }
            long sum = 0;
            for (Iterator<Map.Entry<String, JsonNode>> ex = layer.fields(); ex.hasNext(); ) {
                Map.Entry<String, JsonNode> e = ex.next();
                if (e.getKey().equals("total_tokens")) {
                    continue;
                }
                int expert = index(file, where + ": expert", e.getKey(), shape.experts);
                String at = where + " expert " + expert;
                long a = longField(file, at, e.getValue(), "activation_tokens");
                double g = doubleField(file, at, e.getValue(), "gate_values_sum");
                if (a < 0) {
                    throw new IllegalArgumentException(file + ": " + at + ": activation_tokens is negative (" + a + ")");
                }
                if (a > total[y]) {
                    throw new IllegalArgumentException(file + ": " + at + ": activation_tokens " + a + " exceeds the layer's "
                            + "total_tokens " + total[y] + " (an expert is chosen at most once per token)");
                }
                if (!(g >= 0) || Double.isInfinite(g)) {
                    throw new IllegalArgumentException(file + ": " + at + ": gate_values_sum must be finite and >= 0, got " + g);
                }
                act[y][expert] = a;
                gate[y][expert] = g;
                sum += a;
            }
            if (sum > RoutingStats.maxActivations(k, total[y])) {
                throw new IllegalArgumentException(file + ": " + where + ": activations sum to " + sum + ", more than top-" + k
                        + " x total_tokens " + total[y] + " x 1.01 = " + RoutingStats.maxActivations(k, total[y])
                        + " (is top-k " + k + " right?)");
            }
            long off = sum - (long) k * total[y];
            if (Math.abs(off) > Math.abs(worst)) {
                worst = off;
                worstLayer = y;
            }
        }
        if (worst != 0) {
            warnings.add(String.format(java.util.Locale.ROOT,
                    "%s: per-layer activation sums differ from top-%d x total_tokens by up to %+d (layer %d, %.4f%%); "
                            + "accepted as the recorder's low-precision counting", file.getFileName(), k, worst, worstLayer,
                    100.0 * worst / ((double) k * Math.max(1, total[worstLayer]))));
        }
    }

    private static int index(Path file, String what, String key, int bound) {
        int i;
        try {
            i = Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + what + " key '" + key + "' is not a number");
        }
        if (i < 0 || i >= bound) {
            throw new IllegalArgumentException(file + ": " + what + " " + i + " is outside [0, " + bound + ")");
        }
        return i;
    }

    private static long longField(Path file, String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(file + ": " + where + ": \"" + field + "\" is missing or not an integer");
        }
        return v.asLong();
    }

    private static double doubleField(Path file, String where, JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw new IllegalArgumentException(file + ": " + where + ": \"" + field + "\" is missing or not a number");
        }
        return v.asDouble();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
