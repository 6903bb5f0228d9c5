package dev.moescope.app.remote;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.CollectProgress;
import dev.moescope.app.backend.RemoteRun;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.routing.remote.RemoteEngine;
import dev.moescope.routing.remote.RemoteOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "Connect to a server...": which engine and URL (and optionally API key, served model name, config.json and
 * tokenizer folder), then the collection of the current corpus selection from that server with progress and
 * cancel. The finished run goes to {@link #resultProperty()}, which the app shows in every tab.
 */
public final class RemoteConnectViewModel {
    private final Backend backend;
    private final BackgroundWork work;
    private final Consumer<Throwable> onError;

    private final ObjectProperty<RemoteEngine> engine = new SimpleObjectProperty<>(RemoteEngine.VLLM);
    private final StringProperty url = new SimpleStringProperty("http://localhost:8000");
    private final StringProperty apiKey = new SimpleStringProperty("");
    private final StringProperty modelName = new SimpleStringProperty("");
    private final StringProperty configFile = new SimpleStringProperty("");
    private final StringProperty tokenizerDir = new SimpleStringProperty("");
    private final IntegerProperty concurrency = new SimpleIntegerProperty(8);
    private final ObjectProperty<Path> corpus = new SimpleObjectProperty<>();
    private final ObservableList<String> languages = FXCollections.observableArrayList();
    private final BooleanProperty collecting = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty progressText = new SimpleStringProperty("");
    private final ObjectProperty<RemoteRun> result = new SimpleObjectProperty<>();
    private final BooleanBinding canCollect;
    private AtomicBoolean cancelFlag = new AtomicBoolean();

    public RemoteConnectViewModel(Backend backend, BackgroundWork work, Consumer<Throwable> onError) {
        this.backend = backend;
        this.work = work;
        this.onError = onError;
        canCollect = Bindings.createBooleanBinding(() -> !collecting.get() && !url.get().isBlank() && !languages.isEmpty(),
                collecting, url, languages);
    }

    public ObjectProperty<RemoteEngine> engineProperty() { return engine; }
    public StringProperty urlProperty() { return url; }
    public StringProperty apiKeyProperty() { return apiKey; }
    public StringProperty modelNameProperty() { return modelName; }
    /** The served checkpoint's config.json; empty: the server's model path when it is a folder here. */
    public StringProperty configFileProperty() { return configFile; }
    /** Folder with tokenizer.json; empty: next to config.json or the server's model path (vLLM can do without). */
    public StringProperty tokenizerDirProperty() { return tokenizerDir; }
    public IntegerProperty concurrencyProperty() { return concurrency; }
    /** The corpus of the sidebar (bound in AppContext). */
    public ObjectProperty<Path> corpusProperty() { return corpus; }
    /** The languages selected in the sidebar (kept equal in AppContext). */
    public ObservableList<String> languages() { return languages; }
    public ReadOnlyBooleanProperty collectingProperty() { return collecting; }
    public ReadOnlyDoubleProperty progressProperty() { return progress; }
    public ReadOnlyStringProperty progressTextProperty() { return progressText; }
    public ReadOnlyObjectProperty<RemoteRun> resultProperty() { return result; }
    public BooleanBinding canCollectProperty() { return canCollect; }

    /** What Collect will do, for the dialog. */
    public String summary() {
        return "Collects the " + languages.size() + " languages selected in the sidebar (" + String.join(", ", languages)
                + ") with one prefill request per segment; the run holds expert ids and counts only.";
    }

    /** Connects and collects in the background; errors (a dead server, a missing flag, ...) go to the error dialog. */
    public void collect() {
        if (!canCollect.get()) {
            return;
        }
        RemoteOptions options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            onError.accept(e);
            return;
        }
        AtomicBoolean flag = new AtomicBoolean();
        cancelFlag = flag;
        collecting.set(true);
        progress.set(-1);
        progressText.set("Connecting to " + options.url() + "...");
        List<String> langs = List.copyOf(languages);
        Path c = corpus.get();
        work.run("Collecting from " + options.url(), () -> backend.collectRemote(options, c, langs,
                p -> work.ui().execute(() -> showProgress(p)), flag::get), run -> {
                    collecting.set(false);
                    if (run == null) {
                        progress.set(0);
                        progressText.set("Cancelled (collected segments are kept; Collect resumes)");
                    } else {
                        progress.set(1);
                        progressText.set("Collected " + langs.size() + " languages from " + run.servedModel());
                        result.set(run);
                    }
                }, err -> {
                    collecting.set(false);
                    progress.set(0);
                    progressText.set("Failed (collected segments are kept; Collect resumes)");
                    onError.accept(err);
                });
    }

    public void cancel() {
        cancelFlag.set(true);
    }

    RemoteOptions options() {
        URI u;
        try {
            u = URI.create(url.get().trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("URL '" + url.get() + "' is not a URL: expected http://HOST:PORT", e);
        }
        Path config = blankToNull(configFile.get());
        Path tokenizer = blankToNull(tokenizerDir.get());
        if (tokenizer == null && config != null
                && java.nio.file.Files.isRegularFile(config.toAbsolutePath().resolveSibling("tokenizer.json"))) {
            tokenizer = config.toAbsolutePath().getParent(); // a copy of the checkpoint's small files
        }
        return RemoteOptions.of(engine.get(), u).withConcurrency(Math.max(1, concurrency.get()))
                .withModel(blankToNullString(modelName.get()), config, null, tokenizer)
                .withRetries(blankToNullString(apiKey.get()), java.time.Duration.ofMinutes(10), 4, java.time.Duration.ofSeconds(1));
    }

    private void showProgress(CollectProgress p) {
        if (!collecting.get()) {
            return;
        }
        progress.set(p.fraction());
        progressText.set(p.done() + "/" + p.total() + " segments · " + Math.round(p.tokensPerSecond()) + " tokens/s · ETA "
                + dev.moescope.app.common.ProgressEta.format(p.etaSeconds()));
    }

    private static Path blankToNull(String s) {
        return s == null || s.isBlank() ? null : Path.of(s.trim());
    }

    private static String blankToNullString(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
