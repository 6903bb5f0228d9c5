package dev.moescope.app.common;

import java.io.PrintWriter;
import java.io.StringWriter;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.stage.Window;

/** Errors as dialogs: a plain message, and the stack trace under an expandable "details" area. */
public final class ErrorDialog {
    private ErrorDialog() {}

    /** The message a person reads: the innermost cause with a message, without exception class names. */
    public static String plainMessage(Throwable t) {
        Throwable cur = t;
        String msg = null;
        while (cur != null) {
            if (cur.getMessage() != null && !cur.getMessage().isBlank()) {
                msg = cur.getMessage();
                if (!(cur instanceof java.util.concurrent.CompletionException)
                        && !(cur instanceof java.util.concurrent.ExecutionException)) {
                    break;
                }
            }
            cur = cur.getCause();
        }
        return msg != null ? msg : "Unexpected error (" + t.getClass().getSimpleName() + ")";
    }

    public static String details(Throwable t) {
        StringWriter sw = new StringWriter();
        t.printStackTrace(new PrintWriter(sw));
        return sw.toString();
    }

    public static Alert create(Window owner, String header, Throwable t) {
        Alert alert = new Alert(Alert.AlertType.ERROR);
        if (owner != null) {
            alert.initOwner(owner);
        }
        alert.setTitle("moescope");
        alert.setHeaderText(header);
        alert.setContentText(plainMessage(t));
        TextArea area = new TextArea(details(t));
        area.setEditable(false);
        area.setWrapText(false);
        area.setMaxWidth(Double.MAX_VALUE);
        area.setMaxHeight(Double.MAX_VALUE);
        GridPane.setVgrow(area, Priority.ALWAYS);
        GridPane.setHgrow(area, Priority.ALWAYS);
        GridPane expandable = new GridPane();
        expandable.setMaxWidth(Double.MAX_VALUE);
        expandable.add(new Label("Details:"), 0, 0);
        expandable.add(area, 0, 1);
        alert.getDialogPane().setExpandableContent(expandable);
        alert.getDialogPane().getStyleClass().add("error-dialog");
        return alert;
    }

    public static void show(Window owner, String header, Throwable t) {
        create(owner, header, t).show();
    }
}
