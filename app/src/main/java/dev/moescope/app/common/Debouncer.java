package dev.moescope.app.common;

import javafx.animation.PauseTransition;
import javafx.util.Duration;

/**
 * Runs an action once after changes stop for a quiet period (FX thread only). {@link #fireNow()}
 * skips the wait, e.g. when a slider is released.
 */
public final class Debouncer {
    private final PauseTransition pause;
    private final Runnable action;

    public Debouncer(Duration quiet, Runnable action) {
        this.action = action;
        this.pause = new PauseTransition(quiet);
        this.pause.setOnFinished(e -> action.run());
    }

    /** (Re)starts the quiet period. */
    public void poke() {
        pause.playFromStart();
    }

    /** Cancels a pending run and runs the action at once. */
    public void fireNow() {
        pause.stop();
        action.run();
    }

    public void cancel() {
        pause.stop();
    }

    public boolean isPending() {
        return pause.getStatus() == javafx.animation.Animation.Status.RUNNING;
    }
}
