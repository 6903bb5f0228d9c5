package dev.moescope.cli;

import dev.moescope.routing.analysis.LayerBand;
import dev.moescope.routing.analysis.PaperSettings;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.experiment.MaskingExperiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** intervene's --bands, --start/--end and --mask values turned into masking bands and rows. */
final class MaskBands {
    private MaskBands() {
    }

    /** Bands from names: paper, paper-xquad, early|middle|late|all, or "A-B" decoder ranges. */
    static List<MaskingExperiment.Band> parse(RoutingStats stats, List<String> names) {
        List<MaskingExperiment.Band> out = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "paper" -> PaperSettings.MASK_BANDS.forEach(r -> out.add(scaled(stats, r)));
                case "paper-xquad" -> PaperSettings.MASK_BANDS_XQUAD.forEach(r -> out.add(scaled(stats, r)));
                default -> {
                    if (name.matches("\\d+-\\d+")) {
                        String[] ab = name.split("-");
                        out.add(explicit(stats, Integer.parseInt(ab[0]), Integer.parseInt(ab[1])));
                    } else {
                        try {
                            LayerBand band = LayerBand.parse(name);
                            out.add(new MaskingExperiment.Band(band.id(), band.decoderLayers(stats.moeLayers())));
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("unknown layer band '" + raw + "'; expected paper, paper-xquad, "
                                    + "A-B (decoder layers), early, middle, late or all");
                        }
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--bands names no band");
        }
        return out;
    }

    /** The MoE layers among decoder layers [start, end] (either may be null: the first / last MoE layer). */
    static MaskingExperiment.Band explicit(RoutingStats stats, Integer start, Integer end) {
        int[] layers = BandOptions.resolve(stats, start, end, null, null);
        return new MaskingExperiment.Band(layers[0] + "-" + layers[layers.length - 1], layers);
    }

    /** One of the paper's ranges scaled to the model, named by the decoder layers it became. */
    private static MaskingExperiment.Band scaled(RoutingStats stats, PaperSettings.Range range) {
        int[] layers = range.decoderLayers(stats.moeLayers());
        return new MaskingExperiment.Band(layers[0] + "-" + layers[layers.length - 1], layers);
    }

    /** Mask rows: "en" stays, "en,zh" becomes the summed row "en+zh"; unknown languages fail clearly. */
    static List<String> rows(RoutingStats stats, List<String> masks) {
        List<String> rows = new ArrayList<>();
        for (String m : masks) {
            List<String> targets = List.of(m.split(",")).stream().map(String::trim).filter(t -> !t.isEmpty()).toList();
            if (targets.isEmpty()) {
                throw new IllegalArgumentException("--mask '" + m + "' names no language");
            }
            targets.forEach(stats::languageIndex); // clear error for an unknown language
            rows.add(MaskingExperiment.rowLabel(targets));
        }
        return rows;
    }
}
