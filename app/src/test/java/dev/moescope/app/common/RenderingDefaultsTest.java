package dev.moescope.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RenderingDefaultsTest {
    private static final String KEY = "prism.disableRegionCaching";
    private final String before = System.getProperty(KEY);

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(KEY);
        } else {
            System.setProperty(KEY, before);
        }
    }

    @Test
    void turnsRegionCachingOffWhenTheUserSaidNothing() {
        System.clearProperty(KEY);
        RenderingDefaults.apply();
        assertEquals("true", System.getProperty(KEY));
    }

    @Test
    void keepsWhatTheUserSetOnTheCommandLine() {
        System.setProperty(KEY, "false");
        RenderingDefaults.apply();
        assertEquals("false", System.getProperty(KEY));
    }
}
