package dev.moescope.app.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.MoeModel;
import dev.moescope.routing.remote.EngineDouble;
import dev.moescope.routing.remote.RemoteEngine;
import dev.moescope.routing.remote.RemoteOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app's backend over the SGLang double: a server's ids-only runs give the local model's counts, and the expert
 * card's details (top tokens, co-activated experts) come from the server's stored expert ids.
 */
class RemoteBackendTest {
    @TempDir
    Path tmp;

    private Path resource(String name) throws Exception {
        return Path.of(getClass().getResource("/dev/moescope/app/" + name).toURI());
    }

    @Test
    void serverRunMatchesTheLocalRunAndItsExpertDetails() throws Exception {
        Path model = resource("tiny-model");
        Path corpus = resource("mini-corpus.jsonl");
        CoreBackend backend = new CoreBackend(tmp.resolve("store.db"));
        List<String> langs = List.of("en", "de");
        try (MoeModel served = MoeModel.load(model, LoadOptions.cpu());
             EngineDouble server = new EngineDouble(RemoteEngine.SGLANG, served, model, model.toString(), 0);
             ModelSession session = backend.open(model, "CPU")) {
            RemoteOptions o = RemoteOptions.of(RemoteEngine.SGLANG, URI.create(server.url().toString()))
                    .withConcurrency(2).withRetries(null, Duration.ofSeconds(20), 2, Duration.ofMillis(20));
            RemoteRun remote = backend.collectRemote(o, corpus, langs, p -> { }, () -> false);
            assertNotNull(remote);
            assertEquals(model, remote.tokenizerDir(), "the server's model path is a folder here");
            var local = backend.collect(session, corpus, langs, p -> { }, () -> false);
            for (String lang : langs) {
                for (int layer : local.moeLayers()) {
                    assertEquals(java.util.Arrays.toString(local.activationTokens(lang, layer)),
                            java.util.Arrays.toString(remote.stats().activationTokens(lang, layer)));
                }
            }
            int layer = local.moeLayers()[0];
            Backend.ExpertDetails fromServer = backend.expertDetails(remote, layer, 1);
            Backend.ExpertDetails fromLocal = backend.expertDetails(session, corpus, langs, layer, 1);
            assertFalse(fromServer.topTokens().isEmpty());
            assertEquals(fromLocal, fromServer, "same tokens and co-activations from the ids alone");
        }
    }
}
