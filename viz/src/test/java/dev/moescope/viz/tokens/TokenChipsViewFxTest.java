package dev.moescope.viz.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.moescope.viz.FxCall;
import dev.moescope.viz.palette.ExpertPalette;
import dev.moescope.viz.palette.Palettes;
import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Background;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class TokenChipsViewFxTest {
    private TokenChipsView view;

    @Start
    void start(Stage stage) {
        view = new TokenChipsView();
        stage.setScene(new Scene(view, 400, 300));
        stage.show();
    }

    private static Color background(Label chip) {
        Background bg = chip.getBackground();
        return (Color) bg.getFills().get(0).getFill();
    }

    @Test
    void visibleTextEscapesWhitespace() {
        assertEquals("·the", TokenText.visible(" the"));
        assertEquals("↵", TokenText.visible("\n"));
        assertEquals("→x␍", TokenText.visible("\tx\r"));
        assertEquals("\\u0007", TokenText.visible("\u0007"));
        assertEquals("∅", TokenText.visible(""));
        assertEquals("日本", TokenText.visible("日本"));
    }

    @Test
    void chipsShowTextAndExpertColours(FxRobot robot) {
        robot.interact(() -> view.setTokens(List.of(new TokenChip("Hello", 3, false), new TokenChip(" world", 77, true),
                new TokenChip("\n", -1, false))));
        assertEquals(3, view.tokenCount());
        assertEquals("·world", view.chipAt(1).getText());
        assertEquals(Palettes.toFx(ExpertPalette.color(3)), background(view.chipAt(0)));
        assertEquals(Palettes.toFx(ExpertPalette.color(77)), background(view.chipAt(1)));
        assertTrue(view.chipAt(1).getStyleClass().contains("different"));
        assertFalse(view.chipAt(0).getStyleClass().contains("different"));
        assertFalse(view.chipAt(0).getStyleClass().contains("label"), "app .label rules must not apply");

        robot.interact(() -> view.setTopExperts(new int[] {5, 6, 7}));
        assertEquals(Palettes.toFx(ExpertPalette.color(7)), background(view.chipAt(2)));
        robot.interact(() -> view.setDifferent(1, false));
        assertFalse(view.chipAt(1).getStyleClass().contains("different"));
        assertThrows(IllegalArgumentException.class, () -> view.setTopExperts(new int[] {1}));
    }

    @Test
    void streamingAppendLaysOutOnlyNewChipsAndWraps(FxRobot robot) {
        robot.interact(() -> view.setTokens(List.of()));
        int reflowsBefore = FxCall.call(view::fullReflows);
        for (int i = 0; i < 120; i += 4) { // 4 tokens per pulse, like fast generation
            int first = i;
            robot.interact(() -> {
                for (int k = first; k < first + 4; k++) {
                    view.appendToken(new TokenChip(k % 10 == 9 ? "end\n" : " tok" + k, k % 128, k % 7 == 0));
                }
            });
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(120, view.tokenCount());
        int reflows = FxCall.call(view::fullReflows) - reflowsBefore;
        assertTrue(reflows <= 2, "appending re-flowed everything " + reflows + " times");
        // chips wrap inside the width, and a newline token ends its line
        Bounds b0 = FxCall.call(() -> view.chipAt(0).getBoundsInParent());
        Bounds b9 = FxCall.call(() -> view.chipAt(9).getBoundsInParent());
        Bounds b10 = FxCall.call(() -> view.chipAt(10).getBoundsInParent());
        assertEquals(b0.getMinX(), b10.getMinX(), 0.5, "chip after a newline starts a line");
        assertTrue(b10.getMinY() > b9.getMinY());
        double width = FxCall.call(() -> view.chipAt(0).getParent().getLayoutBounds().getWidth());
        List<Bounds> all = FxCall.call(() -> {
            List<Bounds> out = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                out.add(view.chipAt(i).getBoundsInParent());
            }
            return out;
        });
        for (int i = 0; i < 120; i++) {
            assertTrue(all.get(i).getMaxX() <= width + 0.5, "chip " + i + " inside the width");
        }
        // no two chips overlap
        for (int i = 1; i < all.size(); i++) {
            Bounds p = all.get(i - 1), c = all.get(i);
            assertTrue(c.getMinY() > p.getMinY() || c.getMinX() >= p.getMaxX(), "chip " + i + " overlaps " + (i - 1));
        }
    }

    @Test
    void hoverReportsTheTokenIndex(FxRobot robot) {
        robot.interact(() -> view.setTokens(List.of(new TokenChip("a", 1, false), new TokenChip("b", 2, false),
                new TokenChip("c", 3, false))));
        List<Integer> hovered = new ArrayList<>();
        robot.interact(() -> view.setOnTokenHover(hovered::add));
        robot.moveTo(view.chipAt(2));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, view.hoveredIndexProperty().get());
        assertTrue(hovered.contains(2));
        List<Integer> clicked = new ArrayList<>();
        robot.interact(() -> view.setOnTokenClicked(clicked::add));
        robot.clickOn(view.chipAt(1));
        assertEquals(List.of(1), clicked);
    }
}
