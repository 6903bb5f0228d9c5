package dev.moescope.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.app.testing.FxToolkit;
import java.util.concurrent.CompletionException;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;

class ErrorDialogTest {
    @Test
    void plainMessageSkipsWrappers() {
        var e = new CompletionException(new IllegalArgumentException("model/config.json: field hidden_size is missing"));
        assertEquals("model/config.json: field hidden_size is missing", ErrorDialog.plainMessage(e));
        assertEquals("Unexpected error (NullPointerException)", ErrorDialog.plainMessage(new NullPointerException()));
    }

    @Test
    void dialogHasThePlainMessageAndExpandableDetails() throws Exception {
        FxToolkit.start();
        var e = new IllegalStateException("no GPU");
        var alert = FxToolkit.fx(() -> ErrorDialog.create(null, "Loading failed", e));
        assertEquals("no GPU", alert.getContentText());
        var details = alert.getDialogPane().getExpandableContent().lookup(".text-area");
        assertTrue(((TextArea) details).getText().contains("IllegalStateException"));
        assertTrue(((TextArea) details).getText().contains("ErrorDialogTest"));
    }
}
