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
        return architecture + " · " + numLayers + " layers (" + moeLayers.size() + " MoE" + denseNote() + ") · "
                + numExperts + " experts, top-" + topK + " · " + device;
    }

    /** Decoder layers with a dense MLP (no routing to show), e.g. DeepSeek's first_k_dense_replace layers. */
    public List<Integer> denseLayers() {
        java.util.ArrayList<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < numLayers; i++) {
            if (!moeLayers.contains(i)) {
                out.add(i);
            }
        }
        return out;
    }

    private String denseNote() {
        List<Integer> dense = denseLayers();
        return dense.isEmpty() ? "" : "; dense " + dense;
    }
}
