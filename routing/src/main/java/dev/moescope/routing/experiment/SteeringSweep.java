package dev.moescope.routing.experiment;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.store.EvalResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Experiment 8: apply a steering plan with several lambdas and report, per evaluated language, bits per byte
 * and its change from the unsteered model.
 */
public final class SteeringSweep {
    /** One lambda: bpb per evaluated language, and the change from lambda = 0. */
    public record Point(double lambda, int steeredExperts, double[] bpb, double[] deltaBpb) {
    }

    private final HeldoutEvaluator evaluator;

    public SteeringSweep(HeldoutEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    public List<String> languages() {
        return evaluator.languages();
    }

    public List<Point> run(SteeringPlan plan, List<Double> lambdas, IntConsumer samplesDone) {
        List<String> langs = evaluator.languages();
        double[] base = MaskingExperiment.bpb(evaluator.evaluate(RouterIntervention.NONE, samplesDone), langs);
        List<Point> out = new ArrayList<>();
        for (double lambda : lambdas) {
            RouterIntervention iv = lambda == 0 || plan.size() == 0 ? RouterIntervention.NONE : plan.intervention(lambda);
            Map<String, EvalResult> r = evaluator.evaluate(iv, samplesDone);
            double[] bpb = MaskingExperiment.bpb(r, langs);
            double[] delta = new double[bpb.length];
            for (int i = 0; i < bpb.length; i++) {
                delta[i] = bpb[i] - base[i];
            }
            out.add(new Point(lambda, plan.size(), bpb, delta));
        }
        return out;
    }
}
