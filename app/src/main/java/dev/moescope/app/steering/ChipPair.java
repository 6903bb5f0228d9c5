package dev.moescope.app.steering;

import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The baseline and steered outputs as token chips; a chip "differs" when the other output has a
 * different token at the same position, or has ended before it.
 */
public final class ChipPair {
    /** One decoded token; {@code differs} marks it for highlighting. */
    public record Chip(String text, boolean differs) {}

    private final ObservableList<Chip> baseline = FXCollections.observableArrayList();
    private final ObservableList<Chip> steered = FXCollections.observableArrayList();
    private boolean baselineDone;
    private boolean steeredDone;
    private boolean steeredPending;

    public ObservableList<Chip> baseline() { return baseline; }
    public ObservableList<Chip> steered() { return steered; }

    void clear() {
        baseline.clear();
        steered.clear();
        baselineDone = false;
        steeredDone = false;
        steeredPending = false;
    }

    void startBaseline() {
        baseline.clear();
        baselineDone = false;
    }

    /** The old steered chips stay on screen until the first token of the new output arrives. */
    void startSteered() {
        steeredPending = true;
        steeredDone = false;
    }

    boolean isSteeredPending() {
        return steeredPending;
    }

    void appendBaseline(List<String> texts) {
        texts.forEach(t -> baseline.add(new Chip(t, false)));
        reflag();
    }

    void appendSteered(List<String> texts) {
        List<Chip> add = texts.stream().map(t -> new Chip(t, false)).toList();
        if (steeredPending) {
            steeredPending = false;
            steered.setAll(add);
        } else {
            steered.addAll(add);
        }
        reflag();
    }

    void finishBaseline() {
        baselineDone = true;
        reflag();
    }

    void finishSteered() {
        if (steeredPending) {
            steeredPending = false;
            steered.clear();
        }
        steeredDone = true;
        reflag();
    }

    public int differingCount() {
        return (int) steered.stream().filter(Chip::differs).count();
    }

    private void reflag() {
        flag(steered, baseline, baselineDone);
        flag(baseline, steered, steeredDone && !steeredPending);
    }

    private static void flag(ObservableList<Chip> list, List<Chip> other, boolean otherDone) {
        for (int i = 0; i < list.size(); i++) {
            Chip c = list.get(i);
            boolean differs = i < other.size() ? !other.get(i).text().equals(c.text()) : otherDone;
            if (differs != c.differs()) {
                list.set(i, new Chip(c.text(), differs));
            }
        }
    }
}
