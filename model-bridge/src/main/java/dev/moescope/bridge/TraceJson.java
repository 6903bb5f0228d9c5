package dev.moescope.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trace JSON of the fixtures: tokens, one entry per MoE layer (router_logits, topk_ids, topk_weights)
 * and logits. Floats are written with {@link Float#toString}, which round-trips to the same float32.
 */
public final class TraceJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TraceJson() {
    }

    /** A trace together with the logits it was captured with (logits may be null). */
    public record Parsed(RoutingTrace trace, float[][] logits) {
    }

    public static String toJson(RoutingTrace trace, float[][] logits) {
        StringBuilder sb = new StringBuilder(1 << 16);
        sb.append("{\n  \"tokens\": ");
        ints(sb, trace.tokens());
        sb.append(",\n  \"layers\": [");
        for (int i = 0; i < trace.layers().size(); i++) {
            LayerRouting l = trace.layers().get(i);
            sb.append(i == 0 ? "\n" : ",\n");
            sb.append("    {\"layer\": ").append(l.layer());
            sb.append(",\n     \"router_logits\": ");
            floatRows(sb, l.routerLogits());
            sb.append(",\n     \"topk_ids\": [");
            for (int t = 0; t < l.topkIds().length; t++) {
                if (t > 0) {
                    sb.append(", ");
                }
                ints(sb, l.topkIds()[t]);
            }
            sb.append("],\n     \"topk_weights\": ");
            floatRows(sb, l.topkWeights());
            sb.append('}');
        }
        sb.append("\n  ]");
        if (logits != null) {
            sb.append(",\n  \"logits\": ");
            floatRows(sb, logits);
        }
        sb.append("\n}\n");
        return sb.toString();
    }

    public static void write(RoutingTrace trace, float[][] logits, Writer out) throws IOException {
        out.write(toJson(trace, logits));
        out.flush();
    }

    public static void write(RoutingTrace trace, float[][] logits, Path file) {
        try {
            Files.writeString(file, toJson(trace, logits));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write trace: " + e.getMessage(), e);
        }
    }

    public static Parsed read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read trace: " + e.getMessage(), e);
        }
    }

    public static Parsed parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("trace JSON is not valid: " + e.getMessage(), e);
        }
        int[] tokens = intRow(root.get("tokens"));
        List<LayerRouting> layers = new ArrayList<>();
        for (JsonNode l : root.get("layers")) {
            JsonNode ids = l.get("topk_ids");
            int[][] topk = new int[ids.size()][];
            for (int t = 0; t < topk.length; t++) {
                topk[t] = intRow(ids.get(t));
            }
            layers.add(new LayerRouting(l.get("layer").asInt(), floatRows(l.get("router_logits")), topk,
                    floatRows(l.get("topk_weights"))));
        }
        JsonNode lg = root.get("logits");
        return new Parsed(new RoutingTrace(tokens, layers), lg == null || lg.isNull() ? null : floatRows(lg));
    }

    private static int[] intRow(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    private static float[][] floatRows(JsonNode n) {
        float[][] out = new float[n.size()][];
        for (int t = 0; t < out.length; t++) {
            JsonNode row = n.get(t);
            out[t] = new float[row.size()];
            for (int i = 0; i < out[t].length; i++) {
                // parse the decimal directly as float32, like the golden writer's round-trip rule
                out[t][i] = Float.parseFloat(row.get(i).asText());
            }
        }
        return out;
    }

    private static void ints(StringBuilder sb, int[] a) {
        sb.append('[');
        for (int i = 0; i < a.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(a[i]);
        }
        sb.append(']');
    }

    private static void floatRows(StringBuilder sb, float[][] rows) {
        sb.append('[');
        for (int t = 0; t < rows.length; t++) {
            sb.append(t == 0 ? "" : ", ").append('[');
            float[] r = rows[t];
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                appendFloat(sb, r[i]);
            }
            sb.append(']');
        }
        sb.append(']');
    }

    /** JSON has no NaN/Infinity: non-finite values (never expected) are written as null. */
    private static void appendFloat(StringBuilder sb, float v) {
        if (!Float.isFinite(v)) {
            sb.append("null");
            return;
        }
        String s = Float.toString(v);
        // Float.toString gives e.g. "1.0E-5"; JSON accepts "1.0E-5", so it is kept as is.
        sb.append(s);
    }
}
