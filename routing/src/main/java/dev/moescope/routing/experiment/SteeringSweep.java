package dev.moescope.routing.experiment;

import dev.moescope.bridge.RouterIntervention;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Experiment 8: apply a steering plan with several lambdas and report, per evaluated language, bits per byte
 * and its change from the unsteered model (or any other {@link InterventionMetric}: then {@code bpb} and
 * {@code deltaBpb} of a point hold that metric's values).
 */
public final class SteeringSweep {
    /** One lambda: bpb per evaluated language, and the change from lambda = 0. */
    public record Point(double lambda, int steeredExperts, double[] bpb, double[] deltaBpb) {
    }

    private final InterventionMetric evaluator;

    public SteeringSweep(InterventionMetric evaluator) {
        this.evaluator = evaluator;
    }

    public List<String> languages() {
        return evaluator.languages();
    }

    public List<Point> run(SteeringPlan plan, List<Double> lambdas, IntConsumer samplesDone) {
        double[] base = evaluator.values(RouterIntervention.NONE, samplesDone);
        List<Point> out = new ArrayList<>();
        for (double lambda : lambdas) {
            RouterIntervention iv = lambda == 0 || plan.size() == 0 ? RouterIntervention.NONE : plan.intervention(lambda);
            double[] bpb = evaluator.values(iv, samplesDone);
            double[] delta = new double[bpb.length];
            for (int i = 0; i < bpb.length; i++) {
                delta[i] = bpb[i] - base[i];
            }
            out.add(new Point(lambda, plan.size(), bpb, delta));
        }
        return out;
    }
}
