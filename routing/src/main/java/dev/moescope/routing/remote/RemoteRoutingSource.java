package dev.moescope.routing.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.TextTokenizer;
import dev.moescope.routing.collect.RoutingSource;
import dev.moescope.routing.store.LayerTrace;
import dev.moescope.routing.store.ModelFingerprint;
import dev.moescope.routing.store.ModelInfo;
import dev.moescope.routing.store.PendingSample;
import dev.moescope.routing.store.RunContent;
import dev.moescope.routing.store.SampleTrace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Routing from a vLLM or SGLang server: each sample's rendered text is posted with one token to generate
 * (prefill only), at most {@code concurrency} requests in flight, and the returned expert ids are aligned with the
 * prompt's tokens ({@link RoutedExpertsProtocol}). Runs from this source are {@link RunContent#IDS_ONLY}: expert
 * ids and counts, no gate weights, no router entropy. A failed request fails its batch before anything of the batch
 * is committed ({@link dev.moescope.routing.collect.CollectionJob} commits whole batches), so a rerun resumes.
 */
public final class RemoteRoutingSource implements RoutingSource, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RemoteOptions options;
    private final EngineHttp http;
    private final RoutedExpertsProtocol.ServedModel served;
    private final RemoteModelConfig config;
    private final TextTokenizer tokenizer; // null: align against the server's prompt_token_ids (vLLM)
    private final Integer bosId;
    private final Path tokenizerDir;
    private final ModelInfo info;
    private final ExecutorService requests;
    private volatile SamplePrompt prompt = SamplePrompt.raw();

    private RemoteRoutingSource(RemoteOptions options, EngineHttp http, RoutedExpertsProtocol.ServedModel served,
                                RemoteModelConfig config, TextTokenizer tokenizer, Path tokenizerDir, Integer bosId) {
        this.options = options;
        this.http = http;
        this.served = served;
        this.config = config;
        this.tokenizer = tokenizer;
        this.bosId = bosId;
        this.tokenizerDir = tokenizerDir;
        this.info = new ModelInfo(ModelFingerprint.sha256Hex("remote-config.json\n" + config.json()), served.name(),
                config.modelType(), config.numHiddenLayers(), config.moeLayers(), config.numExperts(), config.topK());
        this.requests = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "moescope-remote");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Asks the server which model it serves ({@link RoutedExpertsProtocol#modelInfoPaths}), reads that model's
     * config.json (neither engine serves it: {@code --config}, else the local {@code --model} directory, else the
     * server's model path when it is a directory on this machine) and loads the tokenizer the same way.
     */
    public static RemoteRoutingSource connect(RemoteOptions o) {
        EngineHttp http = new EngineHttp(o.url(), o.apiKey(), o.timeout(), o.attempts(), o.backoff());
        RoutedExpertsProtocol.ServedModel served = null;
        for (String path : RoutedExpertsProtocol.modelInfoPaths(o.engine())) {
            JsonNode answer = http.getIfPresent(path);
            if (answer != null) {
                served = RoutedExpertsProtocol.servedModel(answer, o.modelName(), http.url(path).toString());
                break;
            }
        }
        if (served == null) {
            throw new RemoteEngineException(o.url() + ": answers none of " + RoutedExpertsProtocol.modelInfoPaths(o.engine())
                    + " (HTTP 404: is this a " + o.engine() + " server, or is --engine wrong?)");
        }
        Path serverDir = localDir(served.path());
        Path configFile = o.config() != null ? o.config()
                : o.modelDir() != null ? o.modelDir().resolve("config.json")
                : serverDir != null && Files.isRegularFile(serverDir.resolve("config.json")) ? serverDir.resolve("config.json")
                : null;
        if (configFile == null) {
            throw new RemoteEngineException(o.url() + " serves '" + served.path() + "', which is not a directory on this "
                    + "machine, and neither engine serves config.json: pass --config FILE (the checkpoint's config.json) "
                    + "or --model DIR");
        }
        String text;
        try {
            text = Files.readString(configFile);
        } catch (IOException e) {
            throw new RemoteEngineException(configFile + ": cannot read: " + e.getMessage(), e);
        }
        RemoteModelConfig config = RemoteModelConfig.parse(text, configFile + " (model of " + o.url() + ")");
        Path tokDir = o.tokenizer() != null ? o.tokenizer()
                : o.modelDir() != null ? o.modelDir()
                : serverDir != null && Files.isRegularFile(serverDir.resolve("tokenizer.json")) ? serverDir : null;
        if (tokDir == null && o.engine() == RemoteEngine.SGLANG) {
            throw new RemoteEngineException(o.url() + ": SGLang's /generate does not return the prompt's token ids, so "
                    + "moescope needs the model's tokenizer here: pass --tokenizer DIR (with tokenizer.json) or --model DIR");
        }
        Integer bos = bosId(text);
        TextTokenizer tok = tokDir == null ? null : TextTokenizer.load(tokDir, bos, Set.of());
        return new RemoteRoutingSource(o, http, served, config, tok, tokDir, bos);
    }

    /** Sets the text sent for each sample (the prompt and chat templates of the paper workflow). */
    public RemoteRoutingSource prompt(SamplePrompt rendering) {
        this.prompt = rendering;
        return this;
    }

    public RemoteModelConfig config() {
        return config;
    }

    /** The folder of the local tokenizer.json, or null when rows are aligned with the server's prompt ids. */
    public Path tokenizerDir() {
        return tokenizerDir;
    }

    public String servedModel() {
        return served.name();
    }

    @Override
    public ModelInfo modelInfo() {
        return info;
    }

    @Override
    public RunContent content() {
        return RunContent.IDS_ONLY;
    }

    @Override
    public String location() {
        return options.url().toString();
    }

    @Override
    public int[] encode(String text, boolean addBos) {
        if (tokenizer == null) {
            throw new RemoteEngineException(options.url() + ": no local tokenizer (pass --tokenizer DIR or --model DIR)");
        }
        int[] ids = tokenizer.encode(text);
        if (!addBos) {
            return ids;
        }
        if (bosId == null) {
            throw new IllegalArgumentException(served.name() + ": config.json defines no bos_token_id; run without --bos");
        }
        int[] out = new int[ids.length + 1];
        out[0] = bosId;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /** Sends token ids (for callers that have only ids); {@link #routeSamples} sends text. */
    @Override
    public List<List<LayerTrace>> route(List<int[]> batch) {
        List<Future<Routed>> futures = new ArrayList<>();
        for (int[] ids : batch) {
            futures.add(requests.submit(() -> send(null, ids, "a prompt of " + ids.length + " tokens")));
        }
        List<List<LayerTrace>> out = new ArrayList<>();
        for (Routed r : collect(futures)) {
            out.add(r.layers);
        }
        return out;
    }

    /**
     * Posts each sample's rendered text (its token ids instead when a BOS is asked for, which text cannot carry),
     * at most {@code concurrency} at once; the rows are aligned with the local tokenizer's ids of the rendered
     * text, checked against the server's own prompt ids where the answer has them.
     */
    @Override
    public List<SampleTrace> routeSamples(List<PendingSample> batch, boolean addBos) {
        List<Future<Routed>> futures = new ArrayList<>();
        for (PendingSample s : batch) {
            String text = prompt.render(s.text());
            int[] local = tokenizer == null ? null : encode(text, addBos);
            if (addBos && local == null) {
                throw new RemoteEngineException(options.url() + ": --bos needs a local tokenizer (--tokenizer DIR)");
            }
            String label = "sample " + s.lang() + "/" + s.segmentId();
            if (local != null && local.length == 0) {
                throw new IllegalArgumentException(label + ": encodes to no tokens");
            }
            futures.add(requests.submit(() -> send(addBos ? null : text, addBos ? local : null, label, local)));
        }
        List<Routed> routed = collect(futures);
        List<SampleTrace> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            out.add(new SampleTrace(batch.get(i).sampleId(), batch.get(i).lang(), routed.get(i).tokens, routed.get(i).layers));
        }
        return out;
    }

    private record Routed(int[] tokens, List<LayerTrace> layers) {
    }

    private Routed send(String text, int[] ids, String label) {
        return send(text, ids, label, ids);
    }

    /** One request; {@code local} are the ids to align against (null: the server's). */
    private Routed send(String text, int[] ids, String label, int[] local) {
        String path = RoutedExpertsProtocol.generatePath(options.engine());
        String url = http.url(path).toString();
        try {
            JsonNode answer = http.post(path, RoutedExpertsProtocol.request(options.engine(), served.name(), text, ids));
            RoutedExpertsProtocol.Answer a = RoutedExpertsProtocol.answer(options.engine(), answer,
                    config.numHiddenLayers(), config.topK(), url);
            int[] tokens = local != null ? local : a.promptTokenIds();
            if (tokens == null) {
                throw new RemoteEngineException(url + ": the answer has no prompt_token_ids and there is no local "
                        + "tokenizer: pass --tokenizer DIR");
            }
            if (tokens.length == 0) {
                throw new RemoteEngineException(url + ": the prompt has no tokens");
            }
            if (local != null && a.promptTokenIds() != null && !Arrays.equals(local, a.promptTokenIds())) {
                throw new RemoteEngineException(url + ": the server tokenized the prompt differently from the local "
                        + "tokenizer (" + firstDifference(local, a.promptTokenIds()) + "): another tokenizer or chat template?");
            }
            return new Routed(tokens, RoutedExpertsProtocol.align(a, tokens.length, config.numHiddenLayers(),
                    config.moeLayers(), config.numExperts(), config.topK(), url));
        } catch (RemoteEngineException e) {
            throw new RemoteEngineException(label + ": " + e.getMessage(), e);
        }
    }

    private static List<Routed> collect(List<Future<Routed>> futures) {
        List<Routed> out = new ArrayList<>(futures.size());
        try {
            for (Future<Routed> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new RemoteEngineException("interrupted while waiting for the server", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true)); // the batch fails as a whole: nothing of it is committed
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new RemoteEngineException(String.valueOf(e.getCause().getMessage()), e.getCause());
        }
    }

    private static String firstDifference(int[] a, int[] b) {
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            if (a[i] != b[i]) {
                return "position " + i + ": local " + a[i] + ", server " + b[i];
            }
        }
        return "local " + a.length + " tokens, server " + b.length;
    }

    private static Path localDir(String path) {
        try {
            Path p = Path.of(path);
            return Files.isDirectory(p) ? p : null;
        } catch (RuntimeException e) {
            return null; // a hub id such as Qwen/Qwen3-30B-A3B is not a path here
        }
    }

    private static Integer bosId(String configJson) {
        try {
            JsonNode n = JSON.readTree(configJson).get("bos_token_id");
            return n != null && n.canConvertToInt() ? n.asInt() : null;
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        requests.shutdownNow();
        if (tokenizer != null) {
            tokenizer.close();
        }
        http.close();
    }
}
