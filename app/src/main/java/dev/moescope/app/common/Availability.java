package dev.moescope.app.common;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Whether a view-model's view can work now, and if not why: e.g. imported statistics have no traces and no
 * model, so the token inspector, interventions and steering cannot run on them. Views show the reason over their
 * content ({@link UnavailableOverlay}) instead of empty charts or zeros.
 */
public final class Availability {
    private final ReadOnlyStringWrapper reason = new ReadOnlyStringWrapper();

    /** Why the view is unavailable, or null when it is available. */
    public ReadOnlyStringProperty reasonProperty() {
        return reason.getReadOnlyProperty();
    }

    public boolean available() {
        return reason.get() == null;
    }

    /** Marks the view unavailable for {@code why}, or available again with null. */
    public void set(String why) {
        reason.set(why);
    }
}
