package dev.moescope.app;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.app.backend.RemoteRun;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.app.common.Theme;
import dev.moescope.app.heatmap.HeatmapViewModel;
import dev.moescope.app.interventions.InterventionsViewModel;
import dev.moescope.app.languages.LanguagesViewModel;
import dev.moescope.app.layers.LayersViewModel;
import dev.moescope.app.remote.RemoteConnectViewModel;
import dev.moescope.app.sidebar.SidebarViewModel;
import dev.moescope.app.steering.SteeringTaskViewModel;
import dev.moescope.app.steering.SteeringViewModel;
import dev.moescope.app.tokens.TokensViewModel;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The app's shared state and services: preferences, background work, the backend, and one view-model
 * per feature, wired so that loading a model or finishing a collection reaches every tab.
 */
public final class AppContext implements AutoCloseable {
    private final AppPreferences prefs;
    private final BackgroundWork work = new BackgroundWork();
    private final ObjectProperty<Theme> theme = new SimpleObjectProperty<>();
    private final ObjectProperty<Consumer<Throwable>> errors = new SimpleObjectProperty<>(Throwable::printStackTrace);
    private final SidebarViewModel sidebar;
    private final SteeringViewModel steering;
    private final SteeringTaskViewModel steeringTask;
    private final HeatmapViewModel heatmap;
    private final LanguagesViewModel languages;
    private final LayersViewModel layers;
    private final TokensViewModel tokens;
    private final InterventionsViewModel interventions;
    private final RemoteConnectViewModel remote;

    /** Experts per layer the app's k was last defaulted for (0: none yet). */
    private int expertsOfK;

    public AppContext(Backend backend, AppPreferences prefs) {
        this.prefs = prefs;
        theme.set(prefs.theme());
        theme.addListener((o, a, t) -> prefs.setTheme(t));
        Consumer<Throwable> onError = t -> errors.get().accept(t);
        work.setErrorHandler(onError);
        sidebar = new SidebarViewModel(backend, work, prefs, onError);
        java.util.concurrent.Executor ui = javafx.application.Platform::runLater;
        java.util.concurrent.Executor background = r -> work.run("Reading prompts", () -> {
            r.run();
            return null;
        }, x -> { }, onError);
        steering = new SteeringViewModel(onError, ui, new dev.moescope.app.steering.SteeringPresetsViewModel(
                backend::heldoutSegments, background, ui, onError));
        steering.presets().corpusProperty().bind(sidebar.corpusProperty());
        steeringTask = new SteeringTaskViewModel(backend, work, onError, steering::currentSpec);
        heatmap = new HeatmapViewModel(work, onError);
        languages = new LanguagesViewModel(work, onError);
        layers = new LayersViewModel(work, onError);
        tokens = new TokensViewModel(backend, work, onError);
        interventions = new InterventionsViewModel(backend, work, onError);
        remote = new RemoteConnectViewModel(backend, work, onError);
        remote.corpusProperty().bind(sidebar.corpusProperty());
        remote.languages().setAll(sidebar.selectedLanguages());
        remote.resultProperty().addListener((o, a, run) -> {
            if (run != null) {
                sidebar.showRemote(run);
            }
        });

        steering.sessionProperty().bind(sidebar.sessionProperty());
        steeringTask.sessionProperty().bind(sidebar.sessionProperty());
        tokens.sessionProperty().bind(sidebar.sessionProperty());
        interventions.sessionProperty().bind(sidebar.sessionProperty());
        interventions.kProperty().bind(heatmap.kProperty());
        interventions.thresholdProperty().bind(heatmap.thresholdProperty());
        layers.kProperty().bind(heatmap.kProperty()); // one k and thr for the whole app (heatmap tab's controls)
        layers.thresholdProperty().bind(heatmap.thresholdProperty());
        sidebar.statsProperty().addListener((o, a, stats) -> {
            if (stats != null && stats.numExperts() != expertsOfK) {
                // k follows the model's expert count (15 of 128 scaled); a k chosen for this shape is kept
                expertsOfK = stats.numExperts();
                heatmap.kProperty().set(dev.moescope.routing.analysis.ExpertClassification.defaultTopK(expertsOfK));
            }
            // a server's run (ids-only, another model than the session's) shows where expert ids suffice (heatmap
            // and its expert cards, languages, layers); the tabs that run the local model (tokens, masking,
            // steering) keep to the local model's own routing
            boolean local = sidebar.remoteRunProperty().get() == null;
            heatmap.setStats(stats, sidebar.languageTable());
            ModelSession session = sidebar.sessionProperty().get();
            java.nio.file.Path corpus = sidebar.corpusProperty().get();
            RemoteRun remoteRun = sidebar.remoteRunProperty().get();
            heatmap.setDetailsSource(stats == null ? null
                    : remoteRun != null ? le -> backend.expertDetails(remoteRun, le[0], le[1])
                    : session == null ? null : le -> backend.expertDetails(session, corpus, stats.languages(), le[0], le[1]));
            languages.setStats(stats, sidebar.languageTable());
            layers.setStats(stats, local);
            if (!local) {
                return; // tokens, masking and steering keep the statistics of the session's model
            }
            tokens.setStats(stats);
            tokens.corpusProperty().set(sidebar.corpusProperty().get());
            interventions.setStats(stats, sidebar.corpusProperty().get());
            steering.ruleProperty().set(stats == null ? null : new StatsSteeringRule(stats));
        });
        sidebar.importedProperty().addListener((o, a, imported) -> {
            String model = imported == null ? null : imported.modelName();
            tokens.availability().set(imported == null ? null : "The token inspector needs per-token traces and a loaded "
                    + "model. The statistics of " + model + " were imported (per-language counts only, no traces): load a "
                    + "model and collect routing to inspect tokens.");
            interventions.availability().set(imported == null ? null : "Masking experiments run a model. The statistics of "
                    + model + " were imported without a checkpoint: load that model to mask experts, or use `moescope "
                    + "intervene --run " + imported.runId() + " --model DIR --corpus ...` with a checkpoint of the same shape.");
            steering.availability().set(imported == null ? null : "Live steering runs a model. The statistics of " + model
                    + " were imported without a checkpoint: `moescope steer-plan --run " + imported.runId()
                    + " --target en,zh --out FILE` writes the paper's steering file from them; load a model to steer live.");
        });
        sidebar.selectedLanguages().addListener((javafx.collections.ListChangeListener<String>) c -> {
            steering.availableLanguages().setAll(sidebar.selectedLanguages());
            remote.languages().setAll(sidebar.selectedLanguages());
        });
        steering.availableLanguages().setAll(sidebar.selectedLanguages());
    }

    public static AppContext create() {
        return new AppContext(new dev.moescope.app.backend.CoreBackend(), AppPreferences.user());
    }

    /** First actions after the window shows: load the last (or demo) model and its cached routing. */
    public void start() {
        sidebar.start();
    }

    public AppPreferences prefs() { return prefs; }
    public BackgroundWork work() { return work; }
    public ObjectProperty<Theme> themeProperty() { return theme; }
    public ObjectProperty<Consumer<Throwable>> errorsProperty() { return errors; }
    public SidebarViewModel sidebar() { return sidebar; }
    public SteeringViewModel steering() { return steering; }
    public SteeringTaskViewModel steeringTask() { return steeringTask; }
    public HeatmapViewModel heatmap() { return heatmap; }
    public LanguagesViewModel languages() { return languages; }
    public LayersViewModel layers() { return layers; }
    public TokensViewModel tokens() { return tokens; }
    public InterventionsViewModel interventions() { return interventions; }
    public RemoteConnectViewModel remote() { return remote; }

    public ModelSession session() {
        return sidebar.sessionProperty().get();
    }

    @Override
    public void close() {
        steering.cancel();
        remote.cancel();
        sidebar.close();
        work.close();
        prefs.flush();
    }
}
