package dev.moescope.viz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class UncachedScrollPaneFxTest {
    private ScrollPane plain;
    private ScrollPane uncached;

    @Start
    void start(Stage stage) {
        plain = new ScrollPane(new Label("plain"));
        uncached = new UncachedScrollPane(new Label("uncached"));
        stage.setScene(new Scene(new HBox(plain, uncached), 300, 100));
        stage.show();
    }

    private static Node viewport(ScrollPane pane) {
        return FxCall.call(() -> pane.lookup(".viewport"));
    }

    @Test
    void viewportIsNotCachedWhileJavaFxCachesItByDefault() {
        Node plainViewport = viewport(plain);
        Node ourViewport = viewport(uncached);
        assertNotNull(plainViewport);
        assertNotNull(ourViewport);
        assertTrue(plainViewport.isCache(), "JavaFX's default this class exists to change");
        assertFalse(ourViewport.isCache());
    }

    @Test
    void stillScrollsItsContent() {
        Label content = FxCall.call(() -> {
            Label tall = new Label("x\n".repeat(200));
            uncached.setContent(tall);
            uncached.setVvalue(1.0);
            return tall;
        });
        assertTrue(FxCall.call(() -> content.localToScene(0, 0).getY() < 0), "content moved up when scrolled to the end");
    }
}
