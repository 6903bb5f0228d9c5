package dev.moescope.app.sidebar;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.CollectProgress;
import dev.moescope.app.backend.LanguageRef;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.app.backend.RemoteRun;
import dev.moescope.app.backend.Workspace;
import dev.moescope.app.common.AppPreferences;
import dev.moescope.app.common.BackgroundWork;
import dev.moescope.routing.analysis.RoutingStats;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The sidebar: which model (demo or a checkpoint folder, after an inspect summary and memory check) on
 * which device, which corpus and languages, and the routing collection with progress and cancel.
 * Statistics already in the store appear at once.
 */
public final class SidebarViewModel implements AutoCloseable {
    private final Backend backend;
    private final BackgroundWork work;
    private final AppPreferences prefs;
    private final Consumer<Throwable> onError;

    private final ObjectProperty<Path> modelDir = new SimpleObjectProperty<>();
    private final StringProperty device = new SimpleStringProperty("CPU");
    /** Resident-memory budget of the next load: "auto" (the device's free memory) or a size (8g, 500m). */
    private final StringProperty memoryBudget = new SimpleStringProperty("auto");
    private final ObjectProperty<ModelSession> session = new SimpleObjectProperty<>();
    private final StringProperty modelSummary = new SimpleStringProperty("No model loaded");
    private final BooleanProperty loading = new SimpleBooleanProperty(false);
    private final ObjectProperty<Path> corpus = new SimpleObjectProperty<>();
    private final javafx.beans.binding.StringBinding corpusLabel;
    private final ObservableList<LanguageRef> languageTable = FXCollections.observableArrayList();
    private final ObservableList<String> selectedLanguages = FXCollections.observableArrayList();
    private final BooleanProperty collecting = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty progressText = new SimpleStringProperty("");
    private final ObjectProperty<RoutingStats> stats = new SimpleObjectProperty<>();
    private final BooleanProperty autoCollect = new SimpleBooleanProperty(true);
    private final javafx.beans.property.ReadOnlyObjectWrapper<Backend.ImportedStatistics> imported =
            new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private final ObjectProperty<RemoteRun> remoteRun = new SimpleObjectProperty<>(); // null: the local model's routing
    private AtomicBoolean cancelFlag = new AtomicBoolean();
    private final Workspace workspace = new Workspace();
    private final StringProperty corpusNote = new SimpleStringProperty("");

    public SidebarViewModel(Backend backend, BackgroundWork work, AppPreferences prefs, Consumer<Throwable> onError) {
        this.backend = backend;
        this.work = work;
        this.prefs = prefs;
        this.onError = onError;
        device.set(prefs.device());
        device.addListener((o, a, d) -> prefs.setDevice(d));
        memoryBudget.set(prefs.memoryBudget());
        memoryBudget.addListener((o, a, b) -> prefs.setMemoryBudget(b));
        workspace.addListener(this::mirror);
        corpusLabel = javafx.beans.binding.Bindings.createStringBinding(() -> corpusLabel(corpus.get(), imported.get()),
                corpus, imported);
    }

    static String corpusLabel(Path corpus, Backend.ImportedStatistics imported) {
        if (imported != null) {
            return "Imported statistics of " + imported.modelName() + " from " + imported.source() + " ("
                    + imported.stats().numLanguages() + " languages; per-language counts, no corpus text)";
        }
        if (corpus == null) {
            return "UDHR (bundled demo corpus)";
        }
        Path name = corpus.getFileName();
        return (name == null ? corpus : name) + (java.nio.file.Files.isDirectory(corpus) ? " (folder)" : "");
    }

    /** The open model, corpus, languages and statistics (this view-model's properties mirror it). */
    public Workspace workspace() { return workspace; }

    /** What the open corpus cannot support (no held-out split, too few languages), or "" when nothing is missing. */
    public StringProperty corpusNoteProperty() { return corpusNote; }

    /**
     * Copies the workspace into the properties the views bind. Statistics go first when they were cleared, so
     * nothing observes the new model or corpus next to the old one's numbers.
     */
    private void mirror(Workspace.Selection sel) {
        if (sel.stats() == null) {
            remoteRun.set(null); // a server run belongs to the selection it was collected for
            stats.set(null);
        }
        imported.set(sel.imported());
        session.set(sel.model());
        corpus.set(sel.corpus());
        if (!sel.languages().equals(selectedLanguages)) {
            selectedLanguages.setAll(sel.languages());
        }
        stats.set(sel.stats());
    }

    public ObjectProperty<Path> modelDirProperty() { return modelDir; }
    public StringProperty deviceProperty() { return device; }
    public StringProperty memoryBudgetProperty() { return memoryBudget; }
    public ObjectProperty<ModelSession> sessionProperty() { return session; }
    public StringProperty modelSummaryProperty() { return modelSummary; }
    public BooleanProperty loadingProperty() { return loading; }
    public ObjectProperty<Path> corpusProperty() { return corpus; }

    /**
     * What the corpus line says: the open corpus, or, while imported statistics are shown, where they come from
     * (they were not taken from any corpus the app has open).
     */
    public javafx.beans.binding.StringExpression corpusLabelProperty() { return corpusLabel; }
    public ObservableList<LanguageRef> languageTable() { return languageTable; }
    public ObservableList<String> selectedLanguages() { return selectedLanguages; }
    public BooleanProperty collectingProperty() { return collecting; }
    public DoubleProperty progressProperty() { return progress; }
    public StringProperty progressTextProperty() { return progressText; }
    public ObjectProperty<RoutingStats> statsProperty() { return stats; }
    /** The imported statistics on show (no model loaded), or null while a model's own routing is shown. */
    public javafx.beans.property.ReadOnlyObjectProperty<Backend.ImportedStatistics> importedProperty() {
        return imported.getReadOnlyProperty();
    }

    /**
     * Shows imported statistics (a folder of the paper's recorder output): the model is closed, since its routing
     * would not match them; the aggregate views show the import, and loading a model again brings its own back.
     */
    public void openStatistics(Path folder, String modelName) {
        cancelCollect();
        loading.set(true);
        modelSummary.set("Importing " + folder.getFileName() + "...");
        work.run("Importing statistics", () -> backend.importStatistics(folder, modelName), result -> {
            loading.set(false);
            ModelSession old = session.get();
            modelDir.set(null);
            languageTable.setAll(result.languages()); // names and families for the views, as a corpus gives them
            remoteRun.set(null); // before the statistics: their listeners read it
            workspace.showImported(result);
            if (old != null) {
                old.close();
            }
            RoutingStats st = result.stats();
            modelSummary.set("Imported statistics · " + result.modelName() + " · " + st.numLayers() + " MoE layers x "
                    + st.numExperts() + " experts, top-" + st.topK() + " · " + st.numLanguages() + " languages (no model loaded)");
            progress.set(1);
            progressText.set(result.warnings().isEmpty() ? "Imported " + String.join(", ", st.languages())
                    : "Imported " + String.join(", ", st.languages()) + " · " + result.warnings().size()
                    + " files with activation sums slightly off top-k x tokens (the recorder's low-precision counting; accepted)");
        }, err -> {
            loading.set(false);
            modelSummary.set(describeOpen());
            onError.accept(err);
        });
    }


    /** The server run the statistics come from, or null when they are the local model's. */
    public ReadOnlyObjectProperty<RemoteRun> remoteRunProperty() { return remoteRun; }

    /** The summary line of what is open now (after a failed load, it is unchanged). */
    private String describeOpen() {
        ModelSession s = session.get();
        Backend.ImportedStatistics imp = imported.get();
        if (s == null) {
            return imp == null ? "No model loaded" : "Imported statistics · " + imp.modelName() + " (no model loaded)";
        }
        return (s.info().isDemo() ? "Demo model · " : s.info().name() + " · ") + s.info().summary();
    }

    /** When true (the default), languages without cached statistics are collected right after loading. */
    public BooleanProperty autoCollectProperty() { return autoCollect; }

    /** Opens the remembered model and corpus (the demo on first start), then shows or collects routing. */
    public void start() {
        workspace.openCorpus(prefs.corpus().map(Path::of).orElse(null), List.of());
        Path dir = prefs.modelDir().map(Path::of).orElse(null);
        loadModel(dir, true);
    }

    /** Inspects a checkpoint folder off the FX thread; the view shows the summary before loading. */
    public void inspect(Path dir, Consumer<Backend.Inspection> then) {
        String budget = memoryBudget.get();
        work.run("Inspecting " + dir, () -> backend.inspect(dir, device.get(), budgetBytes(budget)), then, onError);
    }

    /** "auto" or blank: 0 (the device's free memory); else a size such as 8g; an invalid one names itself. */
    public static long budgetBytes(String budget) {
        String b = budget == null ? "" : budget.strip();
        if (b.isEmpty() || b.equalsIgnoreCase("auto")) {
            return 0;
        }
        try {
            return dev.moescope.bridge.LoadPolicy.parseBytes(b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Memory budget: " + e.getMessage() + ", or auto", e);
        }
    }

    /** Loads {@code dir} (null: the demo model); failures of a remembered model fall back to the demo. */
    public void loadModel(Path dir, boolean fallBackToDemo) {
        cancelCollect();
        loading.set(true);
        modelSummary.set("Loading " + (dir == null ? "the demo model" : dir.getFileName()) + "...");
        String dev = device.get();
        String budget = memoryBudget.get();
        work.run("Loading model", () -> backend.open(dir, dev, budgetBytes(budget)), s -> {
            ModelSession old = session.get();
            workspace.openModel(s); // clears the old model's statistics before anyone sees the new model
            if (old != null) {
                old.close();
            }
            modelDir.set(dir);
            prefs.setModelDir(dir == null ? null : dir.toString());
            modelSummary.set((s.info().isDemo() ? "Demo model · " : s.info().name() + " · ") + s.info().summary());
            loading.set(false);
            loadLanguages(corpus.get());
        }, err -> {
            loading.set(false);
            if (dir != null && fallBackToDemo) {
                prefs.setModelDir(null);
                loadModel(null, false);
            } else {
                modelSummary.set(describeOpen()); // a failed load changes nothing: the open model stays
            }
            onError.accept(err);
        });
    }

    /**
     * Switches corpus (null: the demo corpus): its language list is read first, and only a corpus that reads
     * becomes current (a failed one changes nothing but reports the error).
     */
    public void setCorpus(Path path) {
        loadLanguages(path);
    }

    public void setSelectedLanguages(List<String> codes) {
        if (!codes.equals(selectedLanguages)) {
            prefs.setLanguages(codes);
            workspace.selectLanguages(codes);
            refreshStats();
        }
    }

    /** Collects routing for the selected languages (what is cached is reused). */
    public void collect() {
        ModelSession s = session.get();
        if (s == null || selectedLanguages.isEmpty() || collecting.get()) {
            return;
        }
        AtomicBoolean flag = new AtomicBoolean();
        cancelFlag = flag;
        collecting.set(true);
        progress.set(-1);
        progressText.set("Starting...");
        List<String> langs = List.copyOf(selectedLanguages);
        Path c = corpus.get();
        long basis = workspace.current().generation();
        work.run("Collecting routing", () -> taken(backend.collect(s, c, langs, p -> work.ui().execute(() -> showProgress(p)), flag::get), c, langs),
                taken -> {
                    RoutingStats result = taken == null ? null : taken.stats();
                    collecting.set(false);
                    if (flag.get()) {
                        progressText.set("Cancelled");
                        progress.set(0);
                    } else if (showLocal(basis, result)) {
                        progress.set(1);
                        progressText.set("Collected " + langs.size() + " languages · " + taken.summary());
                    } else {
                        progress.set(0);
                        progressText.set("Collected " + langs.size() + " languages (cached) · the selection changed since: "
                                + "press Collect");
                    }
                }, err -> {
                    if (basis != workspace.current().generation()) {
                        // a collection for an older model or selection (e.g. its model closed under it by a switch):
                        // its failure says nothing about what is open now
                        if (cancelFlag == flag) {
                            collecting.set(false);
                        }
                        return;
                    }
                    collecting.set(false);
                    progressText.set("Collection failed");
                    progress.set(0);
                    onError.accept(err);
                });
    }

    /** Shows statistics collected from a server in every tab, until the local model's routing is shown again. */
    public void showRemote(RemoteRun run) {
        remoteRun.set(run); // before the statistics: their listeners read it
        workspace.showStats(workspace.current().generation(), run.stats());
        progress.set(1);
        progressText.set("Ids-only routing from " + run.url());
    }

    /** The local model's statistics (forgetting a server run shown before). */
    /** The local model's statistics for {@code basis} (forgetting a server run shown before); false when stale. */
    private boolean showLocal(long basis, RoutingStats s) {
        if (basis != workspace.current().generation()) {
            return false;
        }
        remoteRun.set(null);
        return workspace.showStats(basis, s);
    }

    public void cancelCollect() {
        cancelFlag.set(true);
    }

    private void showProgress(CollectProgress p) {
        if (!collecting.get()) {
            return;
        }
        progress.set(p.fraction());
        String eta = Double.isNaN(p.etaSeconds()) ? "" : " · ETA " + formatSeconds(p.etaSeconds());
        progressText.set(p.done() + "/" + p.total() + " segments · " + Math.round(p.tokensPerSecond()) + " tokens/s" + eta);
    }

    /** Statistics and what they were taken from: samples, split and tokens ("72 samples, ... · 4,321 tokens"). */
    record Taken(RoutingStats stats, String summary) {
    }

    /** Runs in background work (the backend blocks); null stats (a cancelled collection) stay null. */
    private Taken taken(RoutingStats s, Path corpus, List<String> langs) {
        if (s == null) {
            return null;
        }
        long tokens = 0;
        for (String l : s.languages()) {
            tokens += s.totalTokens(l, s.moeLayers()[0]);
        }
        return new Taken(s, backend.selectionSummary(corpus, langs) + String.format(java.util.Locale.ROOT, " · %,d tokens", tokens));
    }

    /** The sidebar's warning for a corpus of {@code languages} languages, with or without a held-out split. */
    static String corpusNote(int languages, boolean splits) {
        List<String> notes = new java.util.ArrayList<>();
        if (languages < 2) {
            notes.add("Only " + languages + " language" + (languages == 1 ? "" : "s") + ": exclusive and shared experts, "
                    + "distances and the dendrogram compare languages, so they need at least 2 (3+ for a tree; the paper uses 10).");
        } else if (languages < 3) {
            notes.add("2 languages: exclusive/shared experts are defined, but the dendrogram needs 3 or more to say anything.");
        }
        if (!splits) {
            notes.add("No train/held-out split defined: routing is collected over every segment, and masking experiments "
                    + "(Interventions, bits per byte) score the segments held out by id (about 1 in 5), whose routing is then "
                    + "part of the statistics too: give the corpus a split field (train/heldout) to keep them apart.");
        }
        return String.join(" ", notes);
    }

    static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 60 ? (t / 60) + " min " + (t % 60) + " s" : t + " s";
    }

    private void loadLanguages(Path c) {
        record Read(List<LanguageRef> langs, List<String> defaults, boolean splits) {}
        work.run("Reading corpus", () -> new Read(backend.languages(c), backend.defaultLanguages(c), backend.definesSplits(c)), read -> {
            corpusNote.set(corpusNote(read.langs().size(), read.splits()));
            List<String> available = read.langs().stream().map(LanguageRef::code).toList();
            List<String> remembered = prefs.languages().stream().filter(available::contains).toList();
            List<String> pick = remembered.isEmpty() ? read.defaults().stream().filter(available::contains).toList() : remembered;
            prefs.setCorpus(c == null ? null : c.toString());
            languageTable.setAll(read.langs());
            workspace.openCorpus(c, pick);
            refreshStats();
        }, onError);
    }

    /** Shows cached statistics for the selection at once; otherwise collects when auto-collect is on. */
    private void refreshStats() {
        ModelSession s = session.get();
        if (s == null || selectedLanguages.isEmpty()) {
            return;
        }
        List<String> langs = List.copyOf(selectedLanguages);
        Path c = corpus.get();
        long basis = workspace.current().generation();
        work.run("Reading cached routing", () -> backend.cached(s, c, langs).map(r -> taken(r, c, langs)), (Optional<Taken> cached) -> {
            if (basis != workspace.current().generation()) {
                return; // the model, corpus or languages changed while reading
            }
            if (cached.isPresent()) {
                showLocal(basis, cached.get().stats());
                progress.set(1);
                progressText.set("Cached routing for " + langs.size() + " languages · " + cached.get().summary());
            } else if (autoCollect.get()) {
                collect();
            } else {
                progressText.set("Not collected yet: press Collect");
            }
        }, onError);
    }

    @Override
    public void close() {
        cancelCollect();
        ModelSession s = session.get();
        if (s != null) {
            s.close();
        }
    }
}
