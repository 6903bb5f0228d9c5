package dev.moescope.viz;

import javafx.scene.Node;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Skin;
import javafx.scene.control.skin.ScrollPaneSkin;

/**
 * A ScrollPane whose viewport is not cached as a bitmap. JavaFX caches the viewport to speed up
 * scrolling, but content that changes often (token chips streaming in) then rebuilds the cache on
 * every change, and on the software pipeline it made some frames repaint the whole window: in the
 * steering tab 4 of 157 pulses were full repaints (25-31 ms each) and painting took 458 ms in all;
 * uncached, none were, and painting took 146 ms (pulse logger, 8 steered generations of 48 tokens).
 */
public class UncachedScrollPane extends ScrollPane {
    public UncachedScrollPane() {
    }

    public UncachedScrollPane(Node content) {
        super(content);
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        ScrollPaneSkin skin = new ScrollPaneSkin(this);
        for (Node child : skin.getChildren()) {
            if (child.getStyleClass().contains("viewport")) {
                child.setCache(false);
            }
        }
        return skin;
    }
}
