package dev.moescope.routing.imports;

import dev.moescope.routing.store.ImportedRun;
import dev.moescope.routing.store.ModelFingerprint;
import dev.moescope.routing.store.ModelInfo;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.store.StoredAggregates;

import java.nio.file.Path;
import java.util.List;

/**
 * Imports recorded routing statistics into the store as a run of aggregates only, shared by
 * {@code moescope import-stats} and the app's "Open statistics...". The model is known by name and shape only
 * (arch "imported"), so views that need traces or a checkpoint say so.
 */
public final class StatisticsImport {
    /** The arch recorded for models known from imported statistics alone. */
    public static final String IMPORTED_ARCH = "imported";

    private StatisticsImport() {
    }

    /** The formats {@code import-stats} reads. */
    public enum Format {
        PAPER_RECORDER("paper-recorder");

        private final String id;

        Format(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Format parse(String text) {
            for (Format f : values()) {
                if (f.id.equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown statistics format '" + text + "'; expected paper-recorder");
        }
    }

    /**
     * An import's outcome.
     *
     * @param run      the run (new, or the existing one when the same data was imported before)
     * @param warnings irregularities accepted, one line each
     */
    public record Outcome(RunInfo run, StoredAggregates aggregates, List<String> warnings) {
    }

    /**
     * @param modelName the model's name, or null for the folder's name
     * @param topK      the router's top-k, or null to infer it from the counts
     */
    public static Outcome importFolder(RoutingStore store, Format format, Path folder, String modelName, Integer topK) {
        Path abs = folder.toAbsolutePath().normalize();
        PaperRecorderFolder.Result read = switch (format) {
            case PAPER_RECORDER -> PaperRecorderFolder.read(abs, topK);
        };
        StoredAggregates agg = read.aggregates();
        String name = modelName != null && !modelName.isBlank() ? modelName.strip()
                : abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
        int layers = agg.moeLayers().size();
        String fingerprint = ModelFingerprint.sha256Hex("imported|" + name + "|" + layers + "|" + agg.numExperts()
                + "|" + agg.topK());
        ModelInfo model = new ModelInfo(fingerprint, name, IMPORTED_ARCH, layers, agg.moeLayers(), agg.numExperts(), agg.topK());
        String selection = selectionJson(format, read, agg.languages());
        ImportedRun request = new ImportedRun(model, "imported:" + name, abs.toString(), selection, read.sha256(), null);
        return new Outcome(store.importAggregates(request, agg), agg, read.warnings());
    }

    private static String selectionJson(Format format, PaperRecorderFolder.Result read, List<String> languages) {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var root = mapper.createObjectNode();
        root.put("imported", format.id());
        root.putPOJO("languages", languages);
        root.putPOJO("files", read.files().stream().map(p -> p.getFileName().toString()).toList());
        root.put("sha256", read.sha256());
        return root.toString();
    }
}
