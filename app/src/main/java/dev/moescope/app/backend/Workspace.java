package dev.moescope.app.backend;

import dev.moescope.routing.analysis.RoutingStats;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The one source of truth for what the app has open: the model, the corpus, the selected languages, and the
 * routing statistics they imply. Plain Java (no JavaFX), called on one thread (the app's UI thread).
 *
 * <p>The invariant every view relies on: {@link Selection#stats()} is either null or was taken from exactly this
 * model, corpus and language selection. Changing any of the three clears the statistics and bumps the
 * {@link Selection#generation() generation} (which names the model, corpus and languages, not the
 * statistics); statistics computed for an older generation are refused by
 * {@link #showStats}. A failed load never reaches here, so it changes nothing.
 */
public final class Workspace {
    /**
     * What is open. {@code model} is null with no model loaded (or imported statistics on show); {@code corpus}
     * null means the demo corpus; {@code imported} is set while imported statistics (no model) are shown.
     */
    public record Selection(ModelSession model, Path corpus, List<String> languages, RoutingStats stats,
            Backend.ImportedStatistics imported, long generation) {
        public Selection {
            languages = List.copyOf(languages);
        }

        /** The statistics belong to this model, corpus and language selection (or there are none). */
        public boolean hasStats() {
            return stats != null;
        }
    }

    private final List<Consumer<Selection>> listeners = new CopyOnWriteArrayList<>();
    private Selection current = new Selection(null, null, List.of(), null, null, 0);

    public Selection current() {
        return current;
    }

    /** Called with every new selection (after it is current). */
    public void addListener(Consumer<Selection> listener) {
        listeners.add(listener);
    }

    /** A newly loaded model: its statistics are not known yet, and imported statistics are closed. */
    public void openModel(ModelSession model) {
        publish(new Selection(model, current.corpus, current.languages, null, null, current.generation + 1));
    }

    /** A corpus whose language list was read successfully, with the languages picked from it. */
    public void openCorpus(Path corpus, List<String> languages) {
        publish(new Selection(current.model, corpus, languages, null, current.imported, current.generation + 1));
    }

    /** A new language selection (unchanged: nothing happens). */
    public void selectLanguages(List<String> languages) {
        if (!languages.equals(current.languages)) {
            publish(new Selection(current.model, current.corpus, languages, null, current.imported, current.generation + 1));
        }
    }

    /**
     * Statistics computed for {@code generation}; refused (false) when the model, corpus or languages have
     * changed since, so a late result never shows under another model or corpus.
     */
    public boolean showStats(long generation, RoutingStats stats) {
        if (generation != current.generation) {
            return false;
        }
        Objects.requireNonNull(stats, "stats");
        publish(new Selection(current.model, current.corpus, current.languages, stats, current.imported, generation));
        return true;
    }

    /** Imported statistics (no model): the model is closed and the languages are the import's. */
    public void showImported(Backend.ImportedStatistics imported) {
        publish(new Selection(null, current.corpus, imported.stats().languages(), imported.stats(), imported,
                current.generation + 1));
    }

    private void publish(Selection s) {
        current = s;
        for (Consumer<Selection> l : listeners) {
            l.accept(s);
        }
    }
}
