package dev.moescope.app.steering;

import dev.moescope.routing.analysis.PaperSettings;
import java.util.List;

/**
 * A named starting point: target languages, a band given as fractions of the MoE depth, and lambda.
 */
public record SteeringPreset(String name, List<String> targets, double bandFrom, double bandTo, double lambda) {

    /** In {@link #targets()}: stands for every selected language not listed before it. */
    public static final String ALL_SELECTED = "*";

    /** The targets with {@link #ALL_SELECTED} expanded against the selected languages. */
    public List<String> expandTargets(List<String> selected) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
        for (String t : targets) {
            if (ALL_SELECTED.equals(t)) {
                out.addAll(selected);
            } else {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The first is the paper's setting (scripts/run_steer_polymath.sh): targets en,zh, layers 10-39 of 48 (as
     * fractions of the depth), lambda 0.022. The others steer toward English among every selected language with a
     * larger lambda, for small models whose router logits need a stronger push to change the output visibly.
     */
    public static final List<SteeringPreset> BUILT_IN = List.of(
            new SteeringPreset("The paper's: toward en (with zh), layers 10-39 of 48, lambda 0.022", List.of("en", "zh"),
                    PaperSettings.STEER_BAND.first() / (double) PaperSettings.PAPER_LAYERS,
                    (PaperSettings.STEER_BAND.last() + 1) / (double) PaperSettings.PAPER_LAYERS, PaperSettings.STEER_LAMBDA),
            new SteeringPreset("Targets en + every selected language (s = en's share), middle third of layers, lambda 0.3",
                    List.of("en", ALL_SELECTED), 1 / 3.0, 2 / 3.0, 0.3),
            new SteeringPreset("Targets en + every selected language (s = en's share), all layers, lambda 0.2",
                    List.of("en", ALL_SELECTED), 0, 1, 0.2),
            new SteeringPreset("Targets en + every selected language (s = en's share), first third of layers, lambda 0.3",
                    List.of("en", ALL_SELECTED), 0, 1 / 3.0, 0.3),
            new SteeringPreset("Targets en + every selected language (s = en's share), last third of layers, lambda 0.3",
                    List.of("en", ALL_SELECTED), 2 / 3.0, 1, 0.3),
            new SteeringPreset("No steering (lambda 0)", List.of("en", ALL_SELECTED), 0, 1, 0));

    /** First and last MoE-layer index (inclusive) of this preset's band for {@code n} MoE layers. */
    public int[] band(int n) {
        int lo = (int) Math.round(bandFrom * n);
        int hi = (int) Math.round(bandTo * n) - 1;
        lo = Math.max(0, Math.min(n - 1, lo));
        hi = Math.max(lo, Math.min(n - 1, hi));
        return new int[] {lo, hi};
    }

    @Override
    public String toString() {
        return name;
    }
}
