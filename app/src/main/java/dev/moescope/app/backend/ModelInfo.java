package dev.moescope.app.backend;

import java.nio.file.Path;
import java.util.List;

/** What the app shows about a loaded model. {@code dir} is null for the bundled demo model. */
public record ModelInfo(String name, Path dir, String architecture, int numLayers, List<Integer> moeLayers,
        int numExperts, int topK, String device) {

    public ModelInfo {
        moeLayers = List.copyOf(moeLayers);
    }

    public boolean isDemo() {
        return dir == null;
    }

    public String summary() {
        return architecture + " · " + numLayers + " layers (" + moeLayers.size() + " MoE) · "
                + numExperts + " experts, top-" + topK + " · " + device;
    }
}
