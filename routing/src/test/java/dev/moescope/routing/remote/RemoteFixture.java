package dev.moescope.routing.remote;

import dev.moescope.bridge.LoadOptions;
import dev.moescope.bridge.MoeModel;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The fixture checkpoint and its model, loaded once for the remote tests (the doubles and the local reference). */
final class RemoteFixture {
    private static MoeModel model;

    private RemoteFixture() {
    }

    static Path dir() {
        try {
            return Path.of(RemoteFixture.class.getResource("/qwen3_moe/config.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized MoeModel model() {
        if (model == null) {
            model = MoeModel.load(dir(), LoadOptions.cpu()); // freed with the test JVM
        }
        return model;
    }
}
