package dev.moescope.app.steering;

import dev.moescope.app.backend.Generation;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.bridge.GenerationOptions;
import dev.moescope.bridge.RouterIntervention;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;

/**
 * The steering tab's two outputs: runs the unsteered baseline (once per prompt and decoding settings) and the steered
 * generation with the same settings, streams both in as token chips and as readable text with the differing words
 * marked ({@link TextDiff}). Results reach the view through the injected UI executor.
 */
public final class SteeringOutputViewModel {
    private final Executor ui;
    private final Consumer<Throwable> onError;
    private final ChipPair chips = new ChipPair();
    private final ReadOnlyObjectWrapper<TextDiff.Result> diff = new ReadOnlyObjectWrapper<>(TextDiff.Result.EMPTY);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper firstTokenMs = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyDoubleWrapper completeMs = new ReadOnlyDoubleWrapper(Double.NaN);
    private final StringBuilder baselineText = new StringBuilder();
    private final StringBuilder steeredText = new StringBuilder();
    private String baselineKey;
    private Generation baselineRun;
    private Generation steeredRun;
    private boolean steeredPending;
    private long generationId;
    private long commitNanos;

    public SteeringOutputViewModel(Executor ui, Consumer<Throwable> onError) {
        this.ui = ui;
        this.onError = onError;
    }

    public ObservableList<ChipPair.Chip> baselineChips() { return chips.baseline(); }
    public ObservableList<ChipPair.Chip> steeredChips() { return chips.steered(); }
    /** Both texts as spans, the words that differ marked. */
    public ReadOnlyObjectProperty<TextDiff.Result> diffProperty() { return diff.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty generatingProperty() { return generating.getReadOnlyProperty(); }
    /** Milliseconds from the last run to the first steered token in the list (NaN before). */
    public ReadOnlyDoubleProperty firstTokenMsProperty() { return firstTokenMs.getReadOnlyProperty(); }
    /** Milliseconds from the last run to the end of the steered output (NaN before). */
    public ReadOnlyDoubleProperty completeMsProperty() { return completeMs.getReadOnlyProperty(); }

    void setStatus(String text) {
        status.set(text);
    }

    /**
     * Starts the steered generation (cancelling the running one) and, when the prompt or the options changed, the
     * baseline. {@code note} (may be null) replaces the summary when done; {@code notice} (may be null) prefixes it.
     */
    void run(ModelSession s, String prompt, RouterIntervention spec, GenerationOptions options, String note, String notice) {
        long gen = ++generationId;
        commitNanos = System.nanoTime();
        firstTokenMs.set(Double.NaN);
        completeMs.set(Double.NaN);
        String key = prompt + '\u0000' + options;
        boolean newBaseline = !key.equals(baselineKey);
        cancelRuns(newBaseline);
        generating.set(true);
        status.set(note != null ? note : "Generating...");
        if (newBaseline) {
            baselineKey = key;
            chips.startBaseline();
            baselineText.setLength(0);
            TokenStream bs = new TokenStream(ui, batch -> {
                chips.appendBaseline(batch);
                batch.forEach(baselineText::append);
                rediff();
            });
            baselineRun = s.generate(prompt, RouterIntervention.NONE, options, (i, id, text) -> bs.push(text));
            baselineRun.done().whenComplete((o, err) -> ui.execute(() -> {
                bs.drain();
                bs.close();
                if (err != null && gen == generationId) {
                    baselineKey = null;
                    onError.accept(err);
                } else if (o != null && !o.cancelled()) {
                    chips.finishBaseline();
                }
            }));
        }
        steeredPending = true;
        chips.startSteered();
        TokenStream ss = new TokenStream(ui, batch -> {
            if (gen != generationId) {
                return;
            }
            boolean first = chips.isSteeredPending();
            chips.appendSteered(batch);
            if (steeredPending) {
                steeredPending = false;
                steeredText.setLength(0);
            }
            batch.forEach(steeredText::append);
            rediff();
            if (first) {
                firstTokenMs.set((System.nanoTime() - commitNanos) / 1e6);
            }
        });
        steeredRun = s.generate(prompt, spec, options, (i, id, text) -> ss.push(text));
        steeredRun.done().whenComplete((o, err) -> ui.execute(() -> {
            if (gen != generationId) {
                ss.close();
                return;
            }
            ss.drain();
            ss.close();
            generating.set(false);
            if (err != null) {
                status.set("Generation failed");
                onError.accept(err);
            } else if (o != null && !o.cancelled()) {
                chips.finishSteered();
                if (steeredPending) { // nothing came: the steered output is empty
                    steeredPending = false;
                    steeredText.setLength(0);
                    rediff();
                }
                completeMs.set((System.nanoTime() - commitNanos) / 1e6);
                String said = note != null ? note : diff.get().summary();
                status.set(notice == null ? said : notice + " · " + said);
            }
        }));
    }

    private void rediff() {
        diff.set(TextDiff.diff(baselineText.toString(), steeredPending ? "" : steeredText.toString()));
    }

    /** Stops both generations; what was shown stays. */
    void cancel() {
        generationId++;
        cancelRuns(true);
        baselineKey = null;
        generating.set(false);
    }

    /** Stops everything and empties both outputs (another model). */
    void clear() {
        cancel();
        chips.clear();
        baselineText.setLength(0);
        steeredText.setLength(0);
        diff.set(TextDiff.Result.EMPTY);
    }

    private void cancelRuns(boolean alsoBaseline) {
        if (steeredRun != null) {
            steeredRun.cancel();
            steeredRun = null;
        }
        if (alsoBaseline && baselineRun != null) {
            baselineRun.cancel();
            baselineRun = null;
        }
    }

    /** The texts as they are now (baseline, steered), for tests and the screenshot command. */
    List<String> texts() {
        return List.of(baselineText.toString(), steeredText.toString());
    }
}
