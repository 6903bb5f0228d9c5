package dev.moescope.app;

import static dev.moescope.app.common.Controls.tip;

import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.common.UnavailableOverlay;
import dev.moescope.app.common.ErrorDialog;
import dev.moescope.app.heatmap.HeatmapView;
import dev.moescope.app.interventions.InterventionsView;
import dev.moescope.app.languages.LanguagesView;
import dev.moescope.app.layers.LayersView;
import dev.moescope.app.remote.RemoteConnectDialog;
import dev.moescope.app.sidebar.SidebarView;
import dev.moescope.app.steering.SteeringTaskPanel;
import dev.moescope.app.steering.SteeringView;
import dev.moescope.app.tokens.TokensView;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;

/**
 * The window: sidebar on the left, one tab per view, a status bar with the theme switch. Remembers
 * its size, position, divider and tab; shows errors as dialogs.
 */
public final class MainWindow {
    public static final String[] TAB_NAMES = {"Heatmap", "Languages", "Layers", "Tokens", "Interventions", "Steering"};

    private final AppContext context;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final SplitPane split = new SplitPane();
    private Stage stage;
    private final SidebarView sidebar;
    private final SteeringView steering;

    public MainWindow(AppContext context) {
        this.context = context;
        Consumer<Throwable> onError = t -> Platform.runLater(() -> ErrorDialog.show(stage, "Something went wrong", t));
        context.errorsProperty().set(onError);

        sidebar = new SidebarView(context.sidebar(), onError);
        steering = new SteeringView(context.steering(), onError);
        steering.setTaskPanel(new SteeringTaskPanel(context.steeringTask()));
        tabs.getTabs().addAll(
                tab(TAB_NAMES[0], new HeatmapView(context.heatmap(), context.themeProperty(), onError), "Layer x expert activation maps (Ctrl+1)"),
                tab(TAB_NAMES[1], new LanguagesView(context.languages(), context.themeProperty(), onError), "Language clustering (Ctrl+2)"),
                tab(TAB_NAMES[2], new LayersView(context.layers(), context.themeProperty(), onError), "Curves across depth (Ctrl+3)"),
                tab(TAB_NAMES[3], UnavailableOverlay.wrap(new TokensView(context.tokens()),
                        context.tokens().availability().reasonProperty()), "Tokens coloured by expert (Ctrl+4)"),
                tab(TAB_NAMES[4], UnavailableOverlay.wrap(new InterventionsView(context.interventions(), context.themeProperty(), onError),
                        context.interventions().availability().reasonProperty()), "Masking experiments (Ctrl+5)"),
                tab(TAB_NAMES[5], UnavailableOverlay.wrap(steering, context.steering().availability().reasonProperty()),
                        "Live steering (Ctrl+6)"));
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("main-tabs");
        split.getItems().addAll(sidebar, tabs);
        SplitPane.setResizableWithParent(sidebar, false);
        root.setTop(menuBar());
        root.setCenter(split);
        root.setBottom(statusBar());
        root.getStyleClass().add("main-window");
    }

    /** File: open a model folder, open recorded statistics. */
    private javafx.scene.control.MenuBar menuBar() {
        javafx.scene.control.MenuItem model = new javafx.scene.control.MenuItem("Open model folder...");
        model.setOnAction(e -> sidebar.openModelFolder());
        javafx.scene.control.MenuItem statistics = new javafx.scene.control.MenuItem("Open statistics...");
        statistics.setId("menu-open-statistics");
        statistics.setOnAction(e -> sidebar.openStatistics());
        statistics.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        javafx.scene.control.MenuItem connect = new javafx.scene.control.MenuItem("Connect to a server...");
        connect.setId("menu-connect-server");
        connect.setOnAction(e -> openRemoteDialog());
        javafx.scene.control.Menu file = new javafx.scene.control.Menu("File", null, model, statistics, connect);
        javafx.scene.control.MenuBar bar = new javafx.scene.control.MenuBar(file);
        bar.setId("menu-bar");
        return bar;
    }

    private static Tab tab(String name, javafx.scene.Node content, String tooltip) {
        Tab t = new Tab(name, content);
        t.setId("tab-" + name.toLowerCase());
        t.setTooltip(new javafx.scene.control.Tooltip(tooltip));
        return t;
    }

    /** File > Connect to a server...: the dialog over the shared view-model (a collection outlives the window). */
    public RemoteConnectDialog openRemoteDialog() {
        RemoteConnectDialog dialog = new RemoteConnectDialog(context.remote(), stage != null ? stage
                : root.getScene() == null ? null : root.getScene().getWindow());
        dialog.show();
        return dialog;
    }

    private HBox statusBar() {
        Label busy = new Label();
        busy.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> context.work().runningProperty().get() > 0 ? "Working..." : "Ready", context.work().runningProperty()));
        Label model = new Label();
        model.textProperty().bind(context.sidebar().modelSummaryProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToggleButton dark = tip(new ToggleButton("Dark"), "Switch between the light and dark theme (Ctrl+T)");
        dark.setId("theme-toggle");
        dark.setSelected(context.themeProperty().get() == dev.moescope.app.common.Theme.DARK);
        dark.selectedProperty().addListener((o, a, on) -> context.themeProperty().set(
                on ? dev.moescope.app.common.Theme.DARK : dev.moescope.app.common.Theme.LIGHT));
        context.themeProperty().addListener((o, a, t) -> dark.setSelected(t == dev.moescope.app.common.Theme.DARK));
        Label remote = new Label(); // what a server's ids-only run lacks, while one is shown
        remote.setId("remote-run-note");
        remote.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            var run = context.sidebar().remoteRunProperty().get();
            return run == null ? "" : run.note();
        }, context.sidebar().remoteRunProperty()));
        remote.visibleProperty().bind(remote.textProperty().isNotEmpty());
        remote.managedProperty().bind(remote.visibleProperty());
        remote.setWrapText(true);
        HBox.setHgrow(remote, Priority.SOMETIMES);
        HBox bar = new HBox(12, busy, model, remote, spacer, dark);
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    public TabPane tabs() {
        return tabs;
    }

    public BorderPane root() {
        return root;
    }

    /** Builds the scene (themes, shortcuts, remembered layout) without showing it. */
    public Scene createScene(double width, double height) {
        Scene scene = new Scene(root, width, height);
        context.themeProperty().get().applyTo(scene);
        context.themeProperty().addListener((o, a, t) -> t.applyTo(scene));
        for (int i = 0; i < TAB_NAMES.length; i++) {
            final int idx = i;
            scene.getAccelerators().put(new KeyCodeCombination(KeyCode.valueOf("DIGIT" + (i + 1)), KeyCombination.SHORTCUT_DOWN),
                    () -> tabs.getSelectionModel().select(idx));
        }
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN),
                () -> context.themeProperty().set(context.themeProperty().get().other()));
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN),
                () -> context.sidebar().collect());
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN), sidebar::openModelFolder);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN), () -> {
            tabs.getSelectionModel().select(5);
            steering.saveDialog();
        });
        split.setDividerPositions(context.prefs().sidebarDivider());
        int tab = context.prefs().selectedTab();
        if (tab >= 0 && tab < tabs.getTabs().size()) {
            tabs.getSelectionModel().select(tab);
        }
        return scene;
    }

    public void show(Stage stage) {
        this.stage = stage;
        AppPreferences prefs = context.prefs();
        var layout = prefs.window();
        Scene scene = createScene(layout.map(AppPreferences.WindowLayout::width).orElse(1360.0),
                layout.map(AppPreferences.WindowLayout::height).orElse(860.0));
        stage.setTitle("moescope");
        stage.setScene(scene);
        layout.ifPresent(l -> {
            stage.setX(l.x());
            stage.setY(l.y());
            stage.setMaximized(l.maximized());
        });
        stage.setOnCloseRequest(e -> {
            prefs.setWindow(new AppPreferences.WindowLayout(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(),
                    stage.isMaximized()));
            prefs.setSidebarDivider(split.getDividerPositions()[0]);
            prefs.setSelectedTab(tabs.getSelectionModel().getSelectedIndex());
            context.close();
        });
        stage.show();
    }
}
