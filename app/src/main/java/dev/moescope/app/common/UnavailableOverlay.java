package dev.moescope.app.common;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;

/** A view with a message over it (and its controls disabled) while an {@link Availability} gives a reason. */
public final class UnavailableOverlay {
    private UnavailableOverlay() {
    }

    public static StackPane wrap(Node content, ReadOnlyStringProperty reason) {
        Label message = new Label();
        message.getStyleClass().add("unavailable-message");
        message.setWrapText(true);
        message.setMaxWidth(560);
        message.textProperty().bind(reason);
        message.visibleProperty().bind(reason.isNotNull());
        message.managedProperty().bind(message.visibleProperty());
        content.disableProperty().bind(reason.isNotNull());
        StackPane pane = new StackPane(content, message);
        pane.getStyleClass().add("unavailable-host");
        return pane;
    }
}
