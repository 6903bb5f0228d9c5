package dev.moescope.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The cases of fixtures/manifest.json (copied into test resources). */
public final class FixtureCases {

    public record Case(String name, Path model, int[] ids, Path steer, Path golden) {
        @Override
        public String toString() {
            return name;
        }
    }

    private FixtureCases() {
    }

    public static Path root() {
        try {
            return Path.of(FixtureCases.class.getResource("/fixtures/manifest.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Case> all() throws IOException {
        Path root = root();
        JsonNode manifest = new ObjectMapper().readTree(root.resolve("manifest.json").toFile());
        List<Case> out = new ArrayList<>();
        for (JsonNode m : manifest.get("models")) {
            for (JsonNode c : m.get("cases")) {
                int[] ids = new int[c.get("ids").size()];
                for (int i = 0; i < ids.length; i++) {
                    ids[i] = c.get("ids").get(i).asInt();
                }
                JsonNode steer = c.get("steer");
                String golden = c.get("golden").asText();
                out.add(new Case(golden, root.resolve(c.get("model").asText()), ids,
                        steer == null || steer.isNull() ? null : root.resolve(steer.asText()), root.resolve(golden)));
            }
        }
        return out;
    }
}
