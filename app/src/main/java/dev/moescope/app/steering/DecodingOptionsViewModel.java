package dev.moescope.app.steering;

import dev.moescope.bridge.GenerationOptions;
import java.util.List;
import java.util.Locale;
import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;

/**
 * The steering tab's decoding settings, shared by the baseline and the steered generation (so the two differ only by
 * the steering). Demo defaults that keep a small model out of loops: temperature 0.8, top-p 0.9, repetition penalty
 * 1.3 (HF semantics), seed 0, 48 new tokens.
 */
public final class DecodingOptionsViewModel {
    public static final double TEMPERATURE = 0.8;
    public static final double TOP_P = 0.9;
    public static final double REPETITION_PENALTY = 1.3;

    private final DoubleProperty temperature = new SimpleDoubleProperty(TEMPERATURE);
    private final DoubleProperty topP = new SimpleDoubleProperty(TOP_P);
    private final DoubleProperty repetitionPenalty = new SimpleDoubleProperty(REPETITION_PENALTY);
    private final LongProperty seed = new SimpleLongProperty(0);
    private final IntegerProperty maxNewTokens = new SimpleIntegerProperty(48);

    /** 0: greedy. */
    public DoubleProperty temperatureProperty() { return temperature; }
    public DoubleProperty topPProperty() { return topP; }
    /** 1: no penalty. */
    public DoubleProperty repetitionPenaltyProperty() { return repetitionPenalty; }
    public LongProperty seedProperty() { return seed; }
    public IntegerProperty maxNewTokensProperty() { return maxNewTokens; }

    /** Every setting, for listeners that regenerate on a change. */
    List<Observable> all() {
        return List.of(temperature, topP, repetitionPenalty, seed, maxNewTokens);
    }

    /** The settings as the bridge's options (without routing capture); out-of-range values are clamped. */
    public GenerationOptions options() {
        float t = (float) Math.max(0, temperature.get());
        float p = (float) Math.min(1, Math.max(0.01, topP.get()));
        float penalty = (float) Math.max(0.5, repetitionPenalty.get());
        return new GenerationOptions(Math.max(1, maxNewTokens.get()), t, p, seed.get(), false)
                .withRepetitionPenalty(penalty);
    }

    /** "temperature 0.80, top-p 0.90, repetition penalty 1.30, seed 0, 48 tokens". */
    public String describe() {
        GenerationOptions o = options();
        return o.temperature() == 0 ? String.format(Locale.ROOT, "greedy, repetition penalty %.2f, %d tokens",
                o.repetitionPenalty(), o.maxNewTokens())
                : String.format(Locale.ROOT, "temperature %.2f, top-p %.2f, repetition penalty %.2f, seed %d, %d tokens",
                o.temperature(), o.topP(), o.repetitionPenalty(), o.seed(), o.maxNewTokens());
    }
}
