package dev.moescope.routing.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.routing.store.LayerTrace;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Everything moescope assumes about the engines' wire format, in one place (docs/remote-engines.md repeats it for
 * users). A report against a real server should be checkable against this class alone.
 *
 * <h2>vLLM (>= 0.22, {@code --enable-return-routed-experts})</h2>
 * Request {@code POST /v1/completions} with {@code model}, {@code prompt} (text, or token ids), {@code max_tokens: 1},
 * {@code temperature: 0}, {@code add_special_tokens: false} (the local path adds none either) and
 * {@code return_token_ids: true}. The answer's {@code choices[0].routed_experts} is base64 of an {@code .npy} file
 * (dtype and shape from its header; uint8, uint16 and int32 occur) of shape
 * {@code [prompt_tokens + generated_tokens - 1, num_hidden_layers, top_k]}, dense layers all-zero rows (an array
 * with one slot per MoE layer instead is read too); {@code choices[0].prompt_token_ids} (or a top-level
 * {@code prompt_token_ids}) are the prompt's ids, {@code usage} counts prompt and completion tokens.
 *
 * <h2>SGLang (>= 0.5.7, {@code --enable-return-routed-experts})</h2>
 * Request {@code POST /generate} with {@code text} (or {@code input_ids}), {@code sampling_params:
 * {max_new_tokens: 1, temperature: 0}} and {@code return_routed_experts: true}. The routing is in
 * {@code meta_info.routed_experts}; the OpenAI-compatible endpoints put it in a top-level
 * {@code sglext.routed_experts} (older versions: {@code sgl_ext} on each choice); all three are read. Encoding:
 * flat base64 of the raw little-endian elements, int32 unless {@code routed_experts_dtype} (beside it) says uint8
 * or uint16; reshaped to {@code (-1, num_hidden_layers, top_k)}; rows cover positions
 * {@code [routed_experts_start_len, seq_len - 1)}, start 0 here. {@code meta_info.prompt_tokens} and
 * {@code completion_tokens} count the tokens.
 *
 * <h2>Which positions are counted</h2>
 * Both engines return one row per token that went through the forward pass: the P prompt tokens in the prefill,
 * then each generated token but the last (which is sampled and never fed back), so {@code P + G - 1} rows. With
 * {@code max_tokens 1} (G = 1) that is exactly rows 0..P-1, one per prompt position: the positions the local path
 * counts (every prompt token, prefill only). Row r is the routing of the token at position r. When the engine
 * generates nothing (G = 0: an aborted or rejected request) the last prompt token's row is missing; such a sample
 * is refused with a message saying so, never stored with one token short, so remote and local counts always
 * cover the same positions.
 */
public final class RoutedExpertsProtocol {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RoutedExpertsProtocol() {
    }

    /** Path of the endpoint each sample is posted to. */
    public static String generatePath(RemoteEngine engine) {
        return engine == RemoteEngine.VLLM ? "/v1/completions" : "/generate";
    }

    /** Paths asked for the served model: vLLM {@code /v1/models}; SGLang {@code /get_model_info}, then {@code /v1/models}. */
    public static List<String> modelInfoPaths(RemoteEngine engine) {
        return engine == RemoteEngine.VLLM ? List.of("/v1/models") : List.of("/get_model_info", "/v1/models");
    }

    /** The served model's name and checkpoint path from a model-info answer (either endpoint's shape). */
    public record ServedModel(String name, String path) {
    }

    /**
     * Reads {@code /v1/models} ({@code data[].id}, {@code data[].root}) or SGLang's {@code /get_model_info}
     * ({@code model_path}, {@code served_model_name}); {@code wanted} picks one of several served models.
     */
    static ServedModel servedModel(JsonNode answer, String wanted, String url) {
        if (answer.has("model_path")) {
            String path = answer.path("model_path").asText();
            String name = answer.path("served_model_name").asText(path);
            return new ServedModel(wanted != null ? wanted : name, path);
        }
        JsonNode data = answer.path("data");
        if (!data.isArray() || data.isEmpty()) {
            throw new RemoteEngineException(url + ": lists no served model (expected data[].id)");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode m : data) {
            names.add(m.path("id").asText());
            if (wanted == null || wanted.equals(m.path("id").asText())) {
                return new ServedModel(m.path("id").asText(), m.path("root").asText(m.path("id").asText()));
            }
        }
        throw new RemoteEngineException(url + ": serves " + names + ", not '" + wanted + "' (--model-name)");
    }

    /** The request for one prompt: its text, or its token ids when {@code ids} is not null. */
    static ObjectNode request(RemoteEngine engine, String modelName, String text, int[] ids) {
        ObjectNode body = NODES.objectNode();
        if (engine == RemoteEngine.VLLM) {
            body.put("model", modelName);
            if (ids != null) {
                var prompt = body.putArray("prompt");
                for (int id : ids) {
                    prompt.add(id);
                }
            } else {
                body.put("prompt", text);
            }
            body.put("max_tokens", 1);
            body.put("temperature", 0);
            body.put("add_special_tokens", false);
            body.put("return_token_ids", true);
            return body;
        }
        if (ids != null) {
            var input = body.putArray("input_ids");
            for (int id : ids) {
                input.add(id);
            }
        } else {
            body.put("text", text);
        }
        ObjectNode sampling = body.putObject("sampling_params");
        sampling.put("max_new_tokens", 1);
        sampling.put("temperature", 0);
        body.put("return_routed_experts", true);
        return body;
    }

    /**
     * What one answer says.
     *
     * @param promptTokenIds the prompt's ids as the server tokenized them, or null when the answer has none
     * @param promptTokens   {@code usage.prompt_tokens} / {@code meta_info.prompt_tokens}, or -1
     * @param generated      completion tokens, or -1 when the answer does not say
     */
    record Answer(RoutedRows rows, int[] promptTokenIds, int promptTokens, int generated) {
    }

    /** Reads the routed experts and token counts out of an answer; errors name {@code url} and the field. */
    static Answer answer(RemoteEngine engine, JsonNode r, int numHiddenLayers, int topK, String url) {
        return engine == RemoteEngine.VLLM ? vllm(r, url) : sglang(r, numHiddenLayers, topK, url);
    }

    private static Answer vllm(JsonNode r, String url) {
        JsonNode choice = r.path("choices").path(0);
        if (choice.isMissingNode()) {
            throw new RemoteEngineException(url + ": the answer has no choices[0]: " + EngineHttp.excerpt(r.toString()));
        }
        JsonNode field = choice.get("routed_experts");
        if (field == null || field.isNull()) {
            throw new RemoteEngineException(url + ": the answer has no choices[0].routed_experts: start vLLM (>= 0.22) "
                    + "with --enable-return-routed-experts (and VLLM_USE_V2_MODEL_RUNNER=1)");
        }
        RoutedRows rows;
        try {
            rows = NpyArray.decode(base64(field, "choices[0].routed_experts"));
        } catch (IllegalArgumentException e) {
            throw new RemoteEngineException(url + ": choices[0].routed_experts: " + e.getMessage(), e);
        }
        JsonNode ids = choice.has("prompt_token_ids") ? choice.get("prompt_token_ids") : r.get("prompt_token_ids");
        JsonNode usage = r.path("usage");
        return new Answer(rows, ints(ids), usage.path("prompt_tokens").asInt(-1), usage.path("completion_tokens").asInt(-1));
    }

    private static Answer sglang(JsonNode r, int numHiddenLayers, int topK, String url) {
        JsonNode holder = null;
        String where = null;
        if (r.path("meta_info").has("routed_experts")) {
            holder = r.get("meta_info");
            where = "meta_info.routed_experts";
        } else if (r.path("sglext").has("routed_experts")) {
            holder = r.get("sglext");
            where = "sglext.routed_experts";
        } else if (r.path("choices").path(0).path("sgl_ext").has("routed_experts")) {
            holder = r.path("choices").path(0).get("sgl_ext");
            where = "choices[0].sgl_ext.routed_experts";
        }
        if (holder == null || holder.get("routed_experts").isNull()) {
            throw new RemoteEngineException(url + ": the answer has no meta_info.routed_experts (nor sglext / sgl_ext): "
                    + "start SGLang (>= 0.5.7) with --enable-return-routed-experts");
        }
        String dtypeName = holder.path("routed_experts_dtype").asText(r.path("meta_info").path("routed_experts_dtype")
                .asText("int32"));
        RoutedRows.Dtype dtype = RoutedRows.Dtype.ofName(dtypeName);
        if (dtype == null) {
            throw new RemoteEngineException(url + ": " + where + ": routed_experts_dtype '" + dtypeName
                    + "' is unknown (uint8, uint16 or int32)");
        }
        byte[] bytes;
        try {
            bytes = base64(holder.get("routed_experts"), where);
        } catch (IllegalArgumentException e) {
            throw new RemoteEngineException(url + ": " + e.getMessage(), e);
        }
        int perRow = numHiddenLayers * topK;
        if (bytes.length % dtype.bytes != 0 || (bytes.length / dtype.bytes) % perRow != 0) {
            throw new RemoteEngineException(url + ": " + where + ": " + bytes.length + " bytes of " + dtypeName
                    + " do not reshape to (-1, " + numHiddenLayers + ", " + topK + ") (truncated, or another model?)");
        }
        int count = bytes.length / dtype.bytes;
        RoutedRows rows = new RoutedRows(count / perRow, numHiddenLayers, topK,
                RoutedRows.widen(bytes, 0, count, dtype, ByteOrder.LITTLE_ENDIAN));
        JsonNode meta = r.path("meta_info");
        JsonNode usage = r.path("usage");
        int prompt = meta.path("prompt_tokens").asInt(usage.path("prompt_tokens").asInt(-1));
        int generated = meta.path("completion_tokens").asInt(usage.path("completion_tokens").asInt(-1));
        return new Answer(rows, ints(r.path("sglext").get("input_ids")), prompt, generated);
    }

    /**
     * Aligns the rows with the P prompt tokens and keeps the MoE layers: one ids-only {@link LayerTrace} per MoE
     * layer with P rows (see the class comment for which positions those are). Every mismatch is an error
     * naming {@code url}: a wrong layer count or top-k, too few rows, the last prompt row missing, an expert id out
     * of range.
     */
    static List<LayerTrace> align(Answer a, int promptLength, int numHiddenLayers, List<Integer> moeLayers,
                                  int numExperts, int topK, String url) {
        RoutedRows rows = a.rows();
        boolean perDecoderLayer = rows.layers() == numHiddenLayers; // dense layers are all-zero rows
        if (!perDecoderLayer && rows.layers() != moeLayers.size()) {
            throw new RemoteEngineException(url + ": routed experts have " + rows.layers() + " layers per token; the "
                    + "model has " + numHiddenLayers + " decoder layers (" + moeLayers.size() + " MoE): another model, "
                    + "or the wrong config.json?");
        }
        if (rows.k() != topK) {
            throw new RemoteEngineException(url + ": routed experts have top-" + rows.k() + " per token; config.json "
                    + "says num_experts_per_tok " + topK);
        }
        if (a.promptTokens() >= 0 && a.promptTokens() != promptLength) {
            throw new RemoteEngineException(url + ": the server counted " + a.promptTokens() + " prompt tokens, "
                    + "the local tokenizer " + promptLength + " (a different tokenizer, or special tokens added?)");
        }
        int generated = a.generated() >= 0 ? a.generated() : 1;
        int expected = promptLength + generated - 1;
        if (generated == 0 && rows.rows() == promptLength - 1) {
            throw new RemoteEngineException(url + ": the engine generated no token, so the last prompt token's row "
                    + "is missing (" + rows.rows() + " rows for " + promptLength + " prompt tokens); moescope counts "
                    + "every prompt token as the local path does and does not store this sample");
        }
        if (rows.rows() != expected || rows.rows() < promptLength) {
            throw new RemoteEngineException(url + ": routed experts have " + rows.rows() + " token rows; " + promptLength
                    + " prompt + " + generated + " generated tokens need " + expected + " (truncated array?)");
        }
        List<LayerTrace> out = new ArrayList<>(moeLayers.size());
        for (int m = 0; m < moeLayers.size(); m++) {
            int slot = perDecoderLayer ? moeLayers.get(m) : m;
            int[][] ids = new int[promptLength][topK]; // [P, k]: rows 0..P-1 are the prompt positions
            for (int t = 0; t < promptLength; t++) {
                for (int j = 0; j < topK; j++) {
                    int e = rows.id(t, slot, j);
                    if (e < 0 || e >= numExperts) {
                        throw new RemoteEngineException(url + ": expert id " + e + " at token " + t + ", layer "
                                + moeLayers.get(m) + " is outside 0.." + (numExperts - 1)
                                + (e < 0 ? " (a row the engine did not capture?)" : " (another model?)"));
                    }
                    ids[t][j] = e;
                }
            }
            out.add(LayerTrace.idsOnly(moeLayers.get(m), ids));
        }
        return out;
    }

    private static byte[] base64(JsonNode field, String where) {
        if (!field.isTextual()) {
            throw new IllegalArgumentException(where + " is not a base64 string");
        }
        try {
            return Base64.getDecoder().decode(field.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + " is not valid base64: " + e.getMessage(), e);
        }
    }

    private static int[] ints(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
