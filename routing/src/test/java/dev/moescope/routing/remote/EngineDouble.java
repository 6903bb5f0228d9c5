package dev.moescope.routing.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.LayerRouting;
import dev.moescope.bridge.LogitsMode;
import dev.moescope.bridge.MoeModel;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a vLLM or SGLang server started with {@code --enable-return-routed-experts}, answering as their
 * code and tests show (see {@link RoutedExpertsProtocol}), with routing computed by moescope's own bridge on a
 * fixture checkpoint: the server tokenizes the prompt text, runs one prefill, "generates" the greedy next token
 * and returns {@code P + 1 - 1 = P} rows of {@code [num_hidden_layers, top_k]} expert ids, dense layers all zero.
 * Faults make it answer like a misconfigured, broken or dying server.
 */
public final class EngineDouble implements AutoCloseable {
    public enum Fault {
        NONE, NO_FIELD, HTTP_500, HTTP_400, TRUNCATED, WRONG_LAYERS, BAD_DTYPE, NO_GENERATION, NOT_ALIGNED
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final RemoteEngine engine;
    public final AtomicInteger generateRequests = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MoeModel model;
    private final Path modelDir;
    private final String root;
    private final int numHiddenLayers;
    private final HttpServer server;
    public volatile Fault fault = Fault.NONE;
    volatile RoutedRows.Dtype dtype;
    volatile int dieAfter = Integer.MAX_VALUE; // generate requests answered before the server "crashes"
    volatile long delayMillis;

    /**
     * @param root what the server reports as the model path ({@code data[].root} / {@code model_path}): the
     *             fixture directory, or a hub id that is no directory here
     */
    public EngineDouble(RemoteEngine engine, MoeModel model, Path modelDir, String root, int port) throws IOException {
        this.engine = engine;
        this.model = model;
        this.modelDir = modelDir;
        this.root = root;
        this.numHiddenLayers = model.config().numHiddenLayers();
        this.dtype = engine == RemoteEngine.VLLM ? RoutedRows.Dtype.UINT8 : RoutedRows.Dtype.INT32;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        if (engine == RemoteEngine.VLLM) {
            server.createContext("/v1/models", this::models);
            server.createContext("/v1/completions", this::generate);
        } else {
            server.createContext("/get_model_info", this::modelInfo);
            server.createContext("/generate", this::generate);
        }
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void models(HttpExchange ex) throws IOException {
        send(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"fixture-moe\",\"object\":\"model\",\"created\":1,"
                + "\"owned_by\":\"vllm\",\"root\":" + JSON.writeValueAsString(root) + ",\"parent\":null,"
                + "\"max_model_len\":4096}]}");
    }

    private void modelInfo(HttpExchange ex) throws IOException {
        send(ex, 200, "{\"model_path\":" + JSON.writeValueAsString(root) + ",\"tokenizer_path\":"
                + JSON.writeValueAsString(root) + ",\"is_generation\":true}");
    }

    private void generate(HttpExchange ex) throws IOException {
        int n = generateRequests.incrementAndGet();
        if (n > dieAfter) {
            ex.close(); // the connection drops without an answer
            server.stop(0);
            return;
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            JsonNode body = JSON.readTree(ex.getRequestBody());
            if (fault == Fault.HTTP_500) {
                send(ex, 500, "{\"object\":\"error\",\"message\":\"CUDA out of memory\",\"type\":\"InternalServerError\",\"code\":500}");
                return;
            }
            if (fault == Fault.HTTP_400) {
                send(ex, 400, "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096 tokens\","
                        + "\"type\":\"BadRequestError\",\"code\":400}");
                return;
            }
            int[] prompt = prompt(body);
            int generated = fault == Fault.NO_GENERATION ? 0 : 1;
            ForwardResult r;
            synchronized (model) {
                r = model.forward(prompt, new ForwardOptions(true, LogitsMode.LAST));
            }
            int next = argmax(r.logits()[r.logits().length - 1]);
            RoutedRows rows = rows(r, prompt.length + generated - 1);
            send(ex, 200, engine == RemoteEngine.VLLM ? vllm(prompt, next, generated, rows) : sglang(prompt, next, generated, rows));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** vLLM: {@code prompt} is text or ids; SGLang: {@code text} or {@code input_ids}. Text is tokenized here. */
    private int[] prompt(JsonNode body) {
        JsonNode p = engine == RemoteEngine.VLLM ? body.get("prompt") : (body.has("text") ? body.get("text") : body.get("input_ids"));
        if (p.isArray()) {
            int[] ids = new int[p.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = p.get(i).asInt();
            }
            return ids;
        }
        return model.tokenizer().encode(p.asText());
    }

    /** [rows, num_hidden_layers, k]: the prompt positions' routing, rows cut to {@code count}. */
    private RoutedRows rows(ForwardResult r, int count) {
        int layers = fault == Fault.WRONG_LAYERS ? numHiddenLayers + 1 : numHiddenLayers;
        int k = model.config().numExpertsPerTok();
        int[] ids = new int[count * layers * k]; // dense or missing layers stay 0, as the engines leave them
        for (LayerRouting lr : r.trace().layers()) {
            for (int t = 0; t < count; t++) {
                for (int j = 0; j < k; j++) {
                    ids[(t * layers + lr.layer()) * k + j] = lr.topkIds()[t][j];
                }
            }
        }
        return new RoutedRows(count, layers, k, ids);
    }

    private String vllm(int[] prompt, int next, int generated, RoutedRows rows) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", "cmpl-" + generateRequests.get());
        out.put("object", "text_completion");
        out.put("created", 1);
        out.put("model", "fixture-moe");
        ObjectNode choice = out.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("text", generated == 0 ? "" : model.tokenizer().decode(new int[] {next}));
        choice.putNull("logprobs");
        choice.put("finish_reason", generated == 0 ? "abort" : "length");
        choice.putNull("stop_reason");
        choice.putNull("prompt_logprobs");
        var ids = choice.putArray("prompt_token_ids");
        Arrays.stream(prompt).forEach(ids::add);
        var gen = choice.putArray("token_ids");
        if (generated > 0) {
            gen.add(next);
        }
        if (fault != Fault.NO_FIELD) {
            byte[] npy = NpyWriter.encode(rows, dtype);
            if (fault == Fault.BAD_DTYPE) {
                npy = new String(npy, StandardCharsets.ISO_8859_1).replace("'|u1'", "'<f2'").replace("'<i4'", "'<f4'")
                        .getBytes(StandardCharsets.ISO_8859_1);
            }
            if (fault == Fault.TRUNCATED) {
                npy = Arrays.copyOf(npy, npy.length - 3);
            }
            choice.put("routed_experts", Base64.getEncoder().encodeToString(npy));
        }
        ObjectNode usage = out.putObject("usage");
        usage.put("prompt_tokens", prompt.length);
        usage.put("total_tokens", prompt.length + generated);
        usage.put("completion_tokens", generated);
        usage.putNull("prompt_tokens_details");
        return out.toString();
    }

    private String sglang(int[] prompt, int next, int generated, RoutedRows rows) {
        ObjectNode out = JSON.createObjectNode();
        out.put("text", generated == 0 ? "" : model.tokenizer().decode(new int[] {next}));
        var outIds = out.putArray("output_ids");
        if (generated > 0) {
            outIds.add(next);
        }
        ObjectNode meta = out.putObject("meta_info");
        meta.put("id", "req-" + generateRequests.get());
        ObjectNode finish = meta.putObject("finish_reason");
        finish.put("type", generated == 0 ? "abort" : "length");
        finish.put("length", generated);
        meta.put("prompt_tokens", prompt.length);
        meta.put("completion_tokens", generated);
        meta.put("cached_tokens", 0);
        meta.put("e2e_latency", 0.01);
        if (fault != Fault.NO_FIELD) {
            ByteBuffer buf = ByteBuffer.allocate(rows.ids().length * dtype.bytes).order(ByteOrder.LITTLE_ENDIAN);
            NpyWriter.putAll(buf, rows.ids(), dtype); // flat, as SGLang's tobytes() of the capture buffer
            byte[] bytes = buf.array();
            if (fault == Fault.TRUNCATED || fault == Fault.NOT_ALIGNED) {
                int rowBytes = rows.layers() * rows.k() * dtype.bytes; // truncated: a whole token row short
                bytes = Arrays.copyOf(bytes, bytes.length - (fault == Fault.TRUNCATED ? rowBytes : 1));
            }
            meta.put("routed_experts", Base64.getEncoder().encodeToString(bytes));
            if (dtype != RoutedRows.Dtype.INT32 || fault == Fault.BAD_DTYPE) {
                meta.put("routed_experts_dtype", fault == Fault.BAD_DTYPE ? "float16" : dtype.name().toLowerCase());
            }
        }
        return out.toString();
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    Path modelDir() {
        return modelDir;
    }

    List<Integer> moeLayers() {
        return model.config().moeLayers();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
