package dev.moescope.app.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the app remembers between runs (java.util.prefs): the last model and corpus, the chosen
 * languages, the theme, and the window layout. Tests pass their own node.
 */
public final class AppPreferences {
    private static final String MODEL_DIR = "model.dir";
    private static final String DEVICE = "model.device";
    private static final String MEMORY_BUDGET = "model.memoryBudget";
    private static final String CORPUS = "corpus";
    private static final String LANGUAGES = "languages";
    private static final String THEME = "theme";
    private static final String WINDOW = "window";
    private static final String DIVIDER = "sidebar.divider";
    private static final String TAB = "tab";

    /** Window bounds in screen coordinates. */
    public record WindowLayout(double x, double y, double width, double height, boolean maximized) {}

    private final Preferences node;

    public AppPreferences(Preferences node) {
        this.node = node;
    }

    public static AppPreferences user() {
        return new AppPreferences(Preferences.userRoot().node("dev/moescope/app"));
    }

    /** Empty means the demo model. */
    public Optional<String> modelDir() {
        return Optional.ofNullable(node.get(MODEL_DIR, null));
    }

    public void setModelDir(String dirOrNullForDemo) {
        put(MODEL_DIR, dirOrNullForDemo);
    }

    public String device() {
        return node.get(DEVICE, "CPU");
    }

    public void setDevice(String device) {
        put(DEVICE, device);
    }

    /** The model panel's resident-memory budget: "auto" (the device's free memory) or a size such as 8g. */
    public String memoryBudget() {
        return node.get(MEMORY_BUDGET, "auto");
    }

    public void setMemoryBudget(String budget) {
        put(MEMORY_BUDGET, budget);
    }

    /** Empty means the demo corpus. */
    public Optional<String> corpus() {
        return Optional.ofNullable(node.get(CORPUS, null));
    }

    public void setCorpus(String pathOrNullForDemo) {
        put(CORPUS, pathOrNullForDemo);
    }

    /** Empty list means "not chosen yet" (the app then preselects the paper's languages). */
    public List<String> languages() {
        String v = node.get(LANGUAGES, "");
        return v.isBlank() ? List.of() : new ArrayList<>(Arrays.asList(v.split(",")));
    }

    public void setLanguages(List<String> codes) {
        put(LANGUAGES, String.join(",", codes));
    }

    public Theme theme() {
        try {
            return Theme.valueOf(node.get(THEME, Theme.LIGHT.name()));
        } catch (IllegalArgumentException e) {
            return Theme.LIGHT;
        }
    }

    public void setTheme(Theme theme) {
        put(THEME, theme.name());
    }

    public Optional<WindowLayout> window() {
        String v = node.get(WINDOW, null);
        if (v == null) {
            return Optional.empty();
        }
        try {
            String[] p = v.split(";");
            return Optional.of(new WindowLayout(Double.parseDouble(p[0]), Double.parseDouble(p[1]),
                    Double.parseDouble(p[2]), Double.parseDouble(p[3]), Boolean.parseBoolean(p[4])));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public void setWindow(WindowLayout w) {
        put(WINDOW, w.x() + ";" + w.y() + ";" + w.width() + ";" + w.height() + ";" + w.maximized());
    }

    public double sidebarDivider() {
        return node.getDouble(DIVIDER, 0.24);
    }

    public void setSidebarDivider(double position) {
        node.putDouble(DIVIDER, position);
    }

    public int selectedTab() {
        return node.getInt(TAB, 0);
    }

    public void setSelectedTab(int index) {
        node.putInt(TAB, index);
    }

    public void flush() {
        try {
            node.flush();
        } catch (BackingStoreException e) {
            // Not worth a dialog: the layout is simply not remembered this time.
        }
    }

    private void put(String key, String value) {
        if (value == null) {
            node.remove(key);
        } else {
            node.put(key, value);
        }
    }
}
