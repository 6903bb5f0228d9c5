package dev.moescope.cli;

import dev.moescope.routing.remote.RemoteEngine;
import dev.moescope.routing.remote.RemoteOptions;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code collect --engine vllm|sglang --url ...}: collect from a serving engine instead of the local bridge
 * (docs/remote-engines.md). {@code --model}, when given, is the local copy of the checkpoint's config.json and
 * tokenizer.json; the weights stay on the server.
 */
final class RemoteEngineOptions {

    @Option(names = "--engine", paramLabel = "vllm|sglang",
            description = "collect from a vLLM (>= 0.22) or SGLang (>= 0.5.7) server started with "
                    + "--enable-return-routed-experts: an ids-only run (expert ids and counts, no gate weights)")
    String engine;

    @Option(names = "--url", paramLabel = "http://HOST:PORT", description = "the server (with --engine)")
    URI url;

    @Option(names = "--api-key", paramLabel = "KEY", description = "sent as 'Authorization: Bearer KEY' (with --engine)")
    String apiKey;

    @Option(names = "--concurrency", defaultValue = "8", paramLabel = "N",
            description = "requests in flight at most (with --engine); default: ${DEFAULT-VALUE}")
    int concurrency;

    @Option(names = "--model-name", paramLabel = "NAME",
            description = "the served model to use (with --engine; default: the first one the server lists)")
    String modelName;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the served checkpoint's config.json (with --engine; default: --model DIR/config.json, "
                    + "else the server's model path when it is a directory here)")
    Path config;

    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "directory with the served model's tokenizer.json, to align rows with tokens (with --engine; "
                    + "default: --model DIR, else the server's model path; vLLM can do without: it returns prompt ids)")
    Path tokenizer;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "per request (with --engine); default: ${DEFAULT-VALUE}")
    int timeoutSeconds;

    @Option(names = "--retries", defaultValue = "3", paramLabel = "N",
            description = "retries of a failed request, with exponential backoff from 1 s (with --engine); default: ${DEFAULT-VALUE}")
    int retries;

    boolean remote() {
        return engine != null || url != null;
    }

    /** The connection options; {@code modelDir} is --model (a local copy of config.json and tokenizer.json), or null. */
    RemoteOptions options(Path modelDir) {
        if (engine == null || url == null) {
            throw new IllegalArgumentException("--engine and --url go together (e.g. --engine vllm --url http://gpu-node:8000)");
        }
        if (timeoutSeconds < 1 || retries < 0) {
            throw new IllegalArgumentException("--timeout must be at least 1 s and --retries at least 0");
        }
        return RemoteOptions.of(RemoteEngine.of(engine), url).withConcurrency(concurrency)
                .withModel(modelName, config, modelDir, tokenizer)
                .withRetries(apiKey, Duration.ofSeconds(timeoutSeconds), retries + 1, Duration.ofSeconds(1));
    }
}
