package dev.moescope.app.steering;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The steering tab's presets and prompts: the language X the presets act on, and prompts taken from the corpus's
 * held-out text in a chosen prompt language (each sample is the opening of a segment, {@link PromptSamples}).
 * Segments are read on the injected background executor and shown through the UI executor.
 */
public final class SteeringPresetsViewModel {
    /** Preferred X, in order, when the languages change: a non-Latin script makes a change easy to see. */
    static final List<String> PREFERRED_X = List.of("ru", "ar", "hi", "fr", "de", "zh");

    private final ObservableList<SteeringPreset> presets = FXCollections.observableArrayList(SteeringPreset.BUILT_IN);
    private final ObservableList<String> languages = FXCollections.observableArrayList();
    private final ObjectProperty<String> language = new SimpleObjectProperty<>();
    private final ObjectProperty<String> promptLanguage = new SimpleObjectProperty<>();
    private final ObjectProperty<Path> corpus = new SimpleObjectProperty<>();
    private final ObservableList<String> samples = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper samplesNote = new ReadOnlyStringWrapper("");
    private final javafx.beans.property.ReadOnlyObjectWrapper<SteeringPreset> applied = new javafx.beans.property.ReadOnlyObjectWrapper<>();
    private final BiFunction<Path, String, List<String>> segments;
    private final Executor background;
    private final Executor ui;
    private final Consumer<Throwable> onError;
    private long request;

    /**
     * @param segments (corpus, language) -> held-out segments; runs on {@code background}
     */
    public SteeringPresetsViewModel(BiFunction<Path, String, List<String>> segments, Executor background, Executor ui,
                                    Consumer<Throwable> onError) {
        this.segments = segments;
        this.background = background;
        this.ui = ui;
        this.onError = onError;
        promptLanguage.addListener(o -> loadSamples());
        corpus.addListener(o -> loadSamples());
        languages.addListener((javafx.collections.ListChangeListener<String>) c -> onLanguages());
    }

    public ObservableList<SteeringPreset> presets() { return presets; }
    /** The languages to choose X and the prompt language from (the selected ones). */
    public ObservableList<String> languages() { return languages; }
    /** X: the language the presets and the "toward X" / "switch off X" modes act on. */
    public ObjectProperty<String> languageProperty() { return language; }
    public ObjectProperty<String> promptLanguageProperty() { return promptLanguage; }
    /** The corpus the prompts come from (null: the demo). */
    public ObjectProperty<Path> corpusProperty() { return corpus; }
    /** Prompt openings of the prompt language's held-out segments. */
    public ObservableList<String> samples() { return unmodifiableSamples; }
    /** Where the samples come from, or why there are none. */
    public ReadOnlyStringProperty samplesNoteProperty() { return samplesNote.getReadOnlyProperty(); }

    private final ObservableList<String> unmodifiableSamples = FXCollections.unmodifiableObservableList(samples);

    /** The preset applied last (null before the first). */
    public javafx.beans.property.ReadOnlyObjectProperty<SteeringPreset> appliedProperty() { return applied.getReadOnlyProperty(); }

    void markApplied(SteeringPreset preset) {
        applied.set(preset);
    }

    /** "Toward ru (...): what it targets", for the line under the toolbar. */
    public String appliedDescription() {
        SteeringPreset p = applied.get();
        return p == null ? "" : p.label(language.get()) + ": " + p.describe(language.get());
    }

    private void onLanguages() {
        if (language.get() == null || !languages.contains(language.get())) {
            language.set(PREFERRED_X.stream().filter(languages::contains).findFirst()
                    .orElse(languages.stream().filter(l -> !l.equals("en")).findFirst().orElse(languages.isEmpty() ? null : languages.get(0))));
        }
        if (promptLanguage.get() == null || !languages.contains(promptLanguage.get())) {
            promptLanguage.set(languages.contains("en") ? "en" : languages.isEmpty() ? null : languages.get(0));
        }
    }

    private void loadSamples() {
        String lang = promptLanguage.get();
        Path c = corpus.get();
        long id = ++request;
        if (lang == null) {
            samples.clear();
            samplesNote.set("No prompt language: select languages in the sidebar");
            return;
        }
        background.execute(() -> {
            try {
                List<String> openings = segments.apply(c, lang).stream().map(PromptSamples::opening).distinct().toList();
                ui.execute(() -> {
                    if (id == request) {
                        samples.setAll(openings);
                        samplesNote.set(openings.isEmpty() ? "The corpus has no text in " + lang
                                : openings.size() + " held-out samples in " + lang);
                    }
                });
            } catch (RuntimeException e) {
                ui.execute(() -> onError.accept(e));
            }
        });
    }
}
