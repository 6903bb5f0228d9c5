package dev.moescope.cli;

import dev.moescope.routing.analysis.LayerBand;
import dev.moescope.routing.analysis.RoutingStats;
import picocli.CommandLine.Option;

/** --start/--end (decoder layers, inclusive) or --band early|middle|late|all: the MoE layers to act on. */
final class BandOptions {

    @Option(names = "--start", paramLabel = "L", description = "first decoder layer of the band (inclusive)")
    Integer start;

    @Option(names = "--end", paramLabel = "L", description = "last decoder layer of the band (inclusive)")
    Integer end;

    @Option(names = "--band", paramLabel = "early|middle|late|all",
            description = "a named band of MoE layers (first, middle or last quarter, or all); default: all")
    String band;

    /** Decoder indices of the chosen MoE layers. */
    int[] decoderLayers(RoutingStats stats) {
        return resolve(stats, start, end, band, null);
    }

    /**
     * Decoder indices of --start/--end (either may be left out: the first / last MoE layer) or a named band; when
     * neither is given, {@code unset} (null: all MoE layers).
     */
    static int[] resolve(RoutingStats stats, Integer start, Integer end, String band, int[] unset) {
        if (band != null && (start != null || end != null)) {
            throw new IllegalArgumentException("give either --band or --start/--end, not both");
        }
        int[] moe = stats.moeLayers();
        if (start != null || end != null) {
            int from = start != null ? start : moe[0];
            int to = end != null ? end : moe[moe.length - 1];
            int[] idx = stats.layerIndicesInRange(from, to);
            int[] out = new int[idx.length];
            for (int i = 0; i < idx.length; i++) {
                out[i] = moe[idx[i]];
            }
            return out;
        }
        if (band == null && unset != null) {
            return unset;
        }
        return LayerBand.parse(band == null ? "all" : band).decoderLayers(moe);
    }
}
