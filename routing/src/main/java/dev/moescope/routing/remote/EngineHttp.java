package dev.moescope.routing.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * JSON over HTTP to one engine with the JDK's {@link HttpClient}: a connect timeout, a per-request timeout, and
 * retries with exponential backoff for what may pass (refused or reset connections, timeouts, HTTP 429 and 5xx).
 * Other HTTP errors fail at once. Every failure is a {@link RemoteEngineException} naming the method and URL.
 */
final class EngineHttp implements AutoCloseable {
    /** Characters of an error body quoted in a message. */
    static final int BODY_EXCERPT = 300;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final String apiKey;
    private final Duration timeout;
    private final int attempts;
    private final Duration backoff;
    private final HttpClient client;

    EngineHttp(URI base, String apiKey, Duration timeout, int attempts, Duration backoff) {
        this.base = base;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.attempts = Math.max(1, attempts);
        this.backoff = backoff;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.min(30, timeout.toSeconds() + 1)))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    URI url(String path) {
        return base.resolve(path);
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, JsonNode body) {
        return send("POST", path, body);
    }

    /** A GET that answers null for HTTP 404 (an endpoint this engine version does not have). */
    JsonNode getIfPresent(String path) {
        try {
            return get(path);
        } catch (Status e) {
            if (e.status == 404) {
                return null;
            }
            throw e;
        }
    }

    private JsonNode send(String method, String path, JsonNode body) {
        URI uri = url(path);
        String what = method + " " + uri;
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
        if (apiKey != null && !apiKey.isBlank()) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        HttpRequest request = body == null ? b.GET().build()
                : b.header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
        RemoteEngineException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                sleep(backoff.multipliedBy(1L << Math.min(attempt - 2, 6)), what); // backoff, 2x backoff, 4x ...
            }
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() / 100 == 2) {
                    return parse(r.body(), what);
                }
                Status s = new Status(what, r.statusCode(), r.body());
                if (r.statusCode() != 429 && r.statusCode() < 500) {
                    throw s; // the request itself is wrong: retrying cannot help
                }
                last = s;
            } catch (ConnectException e) {
                last = new RemoteEngineException(what + ": connection refused (is the server running, and is the URL "
                        + "right?)", e);
            } catch (HttpTimeoutException e) {
                last = new RemoteEngineException(what + ": no answer within " + timeout.toSeconds() + " s", e);
            } catch (IOException e) {
                last = new RemoteEngineException(what + ": " + describe(e) + " (did the server stop?)", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RemoteEngineException(what + ": interrupted", e);
            }
        }
        throw attempts == 1 ? last : new RemoteEngineException(last.getMessage() + "; gave up after " + attempts
                + " attempts", last.getCause() == null ? last : last.getCause());
    }

    private static JsonNode parse(String text, String what) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new RemoteEngineException(what + ": expected a JSON object, got: " + excerpt(text));
            }
            return node;
        } catch (IOException e) {
            throw new RemoteEngineException(what + ": answer is not JSON (" + e.getMessage().lines().findFirst().orElse("")
                    + "): " + excerpt(text), e);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    private static void sleep(Duration d, String what) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteEngineException(what + ": interrupted", e);
        }
    }

    static String excerpt(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= BODY_EXCERPT ? oneLine : oneLine.substring(0, BODY_EXCERPT) + "...";
    }

    @Override
    public void close() {
        // HttpClient has no close() before JDK 21; its threads are daemons and end with the client
    }

    /** An HTTP error status with an excerpt of the body. */
    static final class Status extends RemoteEngineException {
        final int status;

        Status(String what, int status, String body) {
            super(what + ": HTTP " + status + hint(status) + ": " + excerpt(body));
            this.status = status;
        }

        private static String hint(int status) {
            return switch (status) {
                case 401, 403 -> " (wrong or missing --api-key?)";
                case 404 -> " (not this engine's endpoint: wrong --engine, or a path behind the URL?)";
                default -> "";
            };
        }
    }
}
