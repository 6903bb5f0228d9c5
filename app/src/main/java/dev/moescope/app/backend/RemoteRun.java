package dev.moescope.app.backend;

import dev.moescope.routing.analysis.RoutingStats;
import java.nio.file.Path;
import java.util.List;

/**
 * Statistics collected from a serving engine: expert ids and counts only (an ids-only run).
 *
 * @param servedModel the model name the server reported
 * @param url          the server
 * @param runIds       the store's runs (one per language)
 * @param tokenizerDir where the served model's tokenizer.json is, or null (token ids then label tokens)
 */
public record RemoteRun(RoutingStats stats, String servedModel, String url, int numExperts, List<Long> runIds,
                        Path tokenizerDir) {
    public RemoteRun {
        runIds = List.copyOf(runIds);
    }

    /** What the views show and what they cannot, in one sentence for the window. */
    public String note() {
        return "Ids-only routing of " + servedModel + " from " + url + ": expert counts, classifications and distances "
                + "are exact; gate weights and router entropy are not recorded (the engine returns expert ids only), "
                + "and steering, masking and the Tokens tab run the local model, not this one.";
    }
}
