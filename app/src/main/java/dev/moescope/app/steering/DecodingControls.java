package dev.moescope.app.steering;

import static dev.moescope.app.common.Controls.tip;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;

/** Labelled spinners for the decoding settings; they wrap to a second row when the window is narrow. */
final class DecodingControls extends FlowPane {

    DecodingControls(DecodingOptionsViewModel vm) {
        super(10, 4);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("decoding-controls");
        getChildren().addAll(
                labelled("Temperature", doubles(vm.temperatureProperty(), 0, 2, 0.05, "steer-temperature",
                        "Sampling temperature (0: greedy). Baseline and steered use the same settings and seed.")),
                labelled("Top-p", doubles(vm.topPProperty(), 0.05, 1, 0.05, "steer-top-p",
                        "Nucleus sampling: keep the most probable tokens up to this probability mass")),
                labelled("Repetition penalty", doubles(vm.repetitionPenaltyProperty(), 1, 3, 0.05, "steer-repetition-penalty",
                        "HF repetition penalty: a token already in the prompt or the output has its logit divided by this "
                                + "(multiplied when negative); 1 is off. Keeps small models out of loops.")),
                labelled("Seed", longs(vm.seedProperty(), "steer-seed", "Sampling seed, shared by baseline and steered output")),
                labelled("Max tokens", ints(vm.maxNewTokensProperty(), 1, 512, "steer-max-tokens", "New tokens per output")));
    }

    private static HBox labelled(String name, Spinner<?> spinner) {
        Label l = new Label(name);
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        l.setLabelFor(spinner);
        HBox box = new HBox(4, l, spinner);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static Spinner<Double> doubles(DoubleProperty p, double min, double max, double step, String id, String tip) {
        Spinner<Double> s = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(min, max, p.get(), step));
        s.getValueFactory().valueProperty().addListener((o, a, v) -> {
            if (v != null && v != p.get()) {
                p.set(v);
            }
        });
        p.addListener((o, a, v) -> s.getValueFactory().setValue(v.doubleValue()));
        return setUp(s, id, tip, 80);
    }

    private static Spinner<Integer> ints(IntegerProperty p, int min, int max, String id, String tip) {
        Spinner<Integer> s = new Spinner<>(min, max, p.get());
        s.getValueFactory().valueProperty().addListener((o, a, v) -> {
            if (v != null && v != p.get()) {
                p.set(v);
            }
        });
        p.addListener((o, a, v) -> s.getValueFactory().setValue(v.intValue()));
        return setUp(s, id, tip, 80);
    }

    private static Spinner<Integer> longs(LongProperty p, String id, String tip) {
        Spinner<Integer> s = new Spinner<>(0, Integer.MAX_VALUE, (int) p.get());
        s.getValueFactory().valueProperty().addListener((o, a, v) -> {
            if (v != null && v != p.get()) {
                p.set(v);
            }
        });
        p.addListener((o, a, v) -> s.getValueFactory().setValue((int) v.longValue()));
        return setUp(s, id, tip, 90);
    }

    private static <T> Spinner<T> setUp(Spinner<T> s, String id, String text, double width) {
        s.setId(id);
        s.setEditable(true);
        s.setPrefWidth(width);
        return tip(s, text);
    }
}
