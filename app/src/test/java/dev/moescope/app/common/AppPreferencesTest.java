package dev.moescope.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.Test;

class AppPreferencesTest {
    private final AppPreferences prefs = new AppPreferences(Preferences.userRoot().node("dev/moescope/test-" + UUID.randomUUID()));

    @Test
    void defaultsOnFirstStart() {
        assertTrue(prefs.modelDir().isEmpty(), "demo model");
        assertTrue(prefs.corpus().isEmpty(), "demo corpus");
        assertTrue(prefs.languages().isEmpty());
        assertEquals(Theme.LIGHT, prefs.theme());
        assertTrue(prefs.window().isEmpty());
    }

    @Test
    void remembersModelCorpusLanguagesThemeAndLayout() {
        prefs.setModelDir("/m/qwen");
        prefs.setCorpus("/c/x.jsonl");
        prefs.setLanguages(List.of("en", "sw"));
        prefs.setTheme(Theme.DARK);
        prefs.setWindow(new AppPreferences.WindowLayout(10, 20, 1200, 800, true));
        prefs.setSelectedTab(5);
        assertEquals("/m/qwen", prefs.modelDir().orElseThrow());
        assertEquals("/c/x.jsonl", prefs.corpus().orElseThrow());
        assertEquals(List.of("en", "sw"), prefs.languages());
        assertEquals(Theme.DARK, prefs.theme());
        assertEquals(new AppPreferences.WindowLayout(10, 20, 1200, 800, true), prefs.window().orElseThrow());
        assertEquals(5, prefs.selectedTab());
        prefs.setModelDir(null);
        assertTrue(prefs.modelDir().isEmpty(), "null goes back to the demo");
    }
}
