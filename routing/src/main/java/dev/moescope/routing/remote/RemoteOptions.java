package dev.moescope.routing.remote;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to reach a serving engine and where the model's description and tokenizer come from.
 *
 * @param url         the server, e.g. {@code http://gpu-node-0:8000}
 * @param apiKey      sent as {@code Authorization: Bearer ...}, or null
 * @param concurrency requests in flight at most
 * @param modelName   the served model to use (vLLM {@code model} field), or null for the first one served
 * @param config      the checkpoint's config.json, or null to look in {@code modelDir} and the server's model path
 * @param modelDir    a local copy of the checkpoint's small files (config.json, tokenizer.json), or null
 * @param tokenizer   a directory with tokenizer.json, or null to use {@code modelDir} / the server's path
 * @param timeout     per request
 * @param attempts    tries per request before giving up (1 = no retry)
 * @param backoff     wait before the first retry, doubled for each further one
 */
public record RemoteOptions(RemoteEngine engine, URI url, String apiKey, int concurrency, String modelName, Path config,
                            Path modelDir, Path tokenizer, Duration timeout, int attempts, Duration backoff) {
    public RemoteOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("--concurrency must be at least 1, got " + concurrency);
        }
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException("--url " + url + ": expected http://HOST:PORT");
        }
        String s = url.toString();
        url = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s); // paths are appended
    }

    /** Defaults: 8 in flight, 10 min per request (a long prefill on a busy server), 4 attempts, 1 s backoff. */
    public static RemoteOptions of(RemoteEngine engine, URI url) {
        return new RemoteOptions(engine, url, null, 8, null, null, null, null, Duration.ofMinutes(10), 4,
                Duration.ofSeconds(1));
    }

    public RemoteOptions withConcurrency(int n) {
        return new RemoteOptions(engine, url, apiKey, n, modelName, config, modelDir, tokenizer, timeout, attempts, backoff);
    }

    public RemoteOptions withModel(String name, Path configFile, Path dir, Path tokenizerDir) {
        return new RemoteOptions(engine, url, apiKey, concurrency, name, configFile, dir, tokenizerDir, timeout, attempts,
                backoff);
    }

    public RemoteOptions withRetries(String key, Duration perRequest, int tries, Duration firstBackoff) {
        return new RemoteOptions(engine, url, key, concurrency, modelName, config, modelDir, tokenizer, perRequest, tries,
                firstBackoff);
    }
}
