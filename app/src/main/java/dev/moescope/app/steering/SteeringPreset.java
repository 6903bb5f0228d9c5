package dev.moescope.app.steering;

import dev.moescope.routing.analysis.LayerBand;
import dev.moescope.routing.analysis.PaperSettings;
import java.util.List;

/**
 * A named starting point of the steering tab. Most act on a language X chosen in the panel: "{X}" in the name and
 * the description stands for it.
 *
 * @param mode        the steering mode the preset sets
 * @param targets     the target languages of {@link SteeringViewModel.Mode#TARGET_LANGUAGES} ("{X}" for X)
 * @param layers      which MoE layers it steers: "early+late" (the first and last quarter, {@link LayerBand}),
 *                    "paper" (the paper's 10-39 of 48, scaled to the depth) or "all"
 * @param lambda      the master lambda it sets
 */
public record SteeringPreset(String name, String description, SteeringViewModel.Mode mode, List<String> targets,
                             String layers, double lambda) {

    /** Stands for the language chosen in the panel. */
    public static final String X = "{X}";

    /** Lambda of "toward X": on the demo models exclusive experts need a push of about their own logit. */
    public static final double TOWARD_LAMBDA = 0.8;

    public static final SteeringPreset TOWARD_LANGUAGE = new SteeringPreset("Toward " + X + " (its exclusive experts, early + late layers)",
            "Promotes the experts exclusive to " + X + " (paper's classification over the collected languages: top-k by "
                    + "activation frequency with k = 15 of 128 experts scaled to the model's experts, share > 0.4; s = " + X + "'s share) in the first and last quarter of the MoE layers",
            SteeringViewModel.Mode.TOWARD_LANGUAGE, List.of(), "early+late", TOWARD_LAMBDA);
    public static final SteeringPreset ENGLISH_SHARED = new SteeringPreset("Toward English-shared experts (en + " + X + "), middle layers",
            "The paper's setting: experts shared between en and " + X + " (k 20, thr 0.7; s = en's share), layers 10-39 of 48 "
                    + "scaled to the model's depth; lambda 0.3 instead of the paper's 0.022, which a small model does not feel",
            SteeringViewModel.Mode.TARGET_LANGUAGES, List.of("en", X), "paper", 0.3);
    public static final SteeringPreset SWITCH_OFF = new SteeringPreset("Switch off " + X + "'s experts (mask, all layers)",
            "Masks every expert exclusive to " + X + " in every MoE layer (the router never picks them); lambda does not apply",
            SteeringViewModel.Mode.SWITCH_OFF, List.of(), "all", 1);
    public static final SteeringPreset PAPER = new SteeringPreset("The paper's: toward en (with zh), layers 10-39 of 48, lambda 0.022",
            "scripts/run_steer_polymath.sh: experts shared between en and zh, s = en's share, lambda 0.022",
            SteeringViewModel.Mode.TARGET_LANGUAGES, List.of("en", "zh"), "paper", PaperSettings.STEER_LAMBDA);
    public static final SteeringPreset NONE = new SteeringPreset("No steering (lambda 0)",
            "Lambda 0: the steered output equals the baseline", SteeringViewModel.Mode.TOWARD_LANGUAGE, List.of(), "all", 0);

    public static final List<SteeringPreset> BUILT_IN = List.of(TOWARD_LANGUAGE, ENGLISH_SHARED, SWITCH_OFF, PAPER, NONE);

    /** The name with X filled in. */
    public String label(String x) {
        return name.replace(X, x == null ? "X" : x);
    }

    /** What the preset targets, with X filled in (the tooltip). */
    public String describe(String x) {
        return description.replace(X, x == null ? "X" : x);
    }

    /** The target languages with X filled in, each once. */
    public List<String> targets(String x) {
        return targets.stream().map(t -> t.equals(X) ? x : t).distinct().toList();
    }

    /** Per MoE-layer position, whether the preset steers it (weight 1) or not (weight 0). */
    public boolean[] steeredLayers(int n) {
        boolean[] on = new boolean[n];
        int[] positions = switch (layers) {
            case "early+late" -> java.util.stream.IntStream.concat(java.util.Arrays.stream(LayerBand.EARLY.positions(n)),
                    java.util.Arrays.stream(LayerBand.LATE.positions(n))).toArray();
            case "paper" -> PaperSettings.STEER_BAND.positions(n);
            default -> LayerBand.ALL.positions(n);
        };
        for (int p : positions) {
            on[p] = true;
        }
        return on;
    }

    /** First and last MoE-layer position of the band the view shows: the paper's range, else every layer. */
    public int[] band(int n) {
        if (!layers.equals("paper")) {
            return new int[] {0, n - 1};
        }
        int[] p = PaperSettings.STEER_BAND.positions(n);
        return new int[] {p[0], p[p.length - 1]};
    }

    @Override
    public String toString() {
        return name;
    }
}
