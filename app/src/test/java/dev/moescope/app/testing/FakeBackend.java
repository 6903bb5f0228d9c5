package dev.moescope.app.testing;

import dev.moescope.app.backend.Backend;
import dev.moescope.app.backend.CollectProgress;
import dev.moescope.app.backend.LanguageRef;
import dev.moescope.app.backend.ModelSession;
import dev.moescope.app.backend.RemoteRun;
import dev.moescope.routing.remote.RemoteEngineException;
import dev.moescope.routing.remote.RemoteOptions;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.experiment.HeldoutEvaluator;
import dev.moescope.routing.task.TaskSpec;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.SampleText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A backend over {@link FakeSession} and {@link Stats#twoLanguages()}: collection takes 4 steps; held-out
 * evaluation is routing's own, with {@link FakeScorer} and a temporary store.
 */
public final class FakeBackend implements Backend {
    public volatile boolean cached;
    /**
     * When true, models and corpora differ by folder name: a folder named "olmoe*" opens a 2-layer, 4-expert
     * model, "tri*" is a corpus of fr, es and it (no English), "broken*" fails to read; statistics are
     * {@link Stats#synthetic} for the session's shape and the languages asked for.
     */
    public volatile boolean shaped;
    public volatile long msPerStep = 20;
    public final List<String> calls = new CopyOnWriteArrayList<>();
    /** Scores the held-out text of {@link #heldoutEvaluator}. */
    public final FakeScorer scorer = new FakeScorer();
    private RoutingStore store;

    @Override
    public ImportedStatistics importStatistics(Path folder, String modelName) {
        calls.add("import " + folder.getFileName());
        RoutingStats st = Stats.twoLanguages();
        return new ImportedStatistics(st, st.languages().stream().map(l -> new LanguageRef(l, l, "unknown")).toList(),
                modelName, folder.toString(), 7, List.of());
    }

    @Override
    public Inspection inspect(Path dir, String device) {
        calls.add("inspect " + dir.getFileName());
        return new Inspection("fake_moe · 6 layers", true, "fits");
    }

    @Override
    public ModelSession open(Path dir, String device) {
        calls.add("open " + (dir == null ? "demo" : dir.getFileName()) + " " + device);
        if (dir != null && dir.toString().contains("broken")) {
            throw new IllegalArgumentException(dir + "/config.json: field model_type is missing");
        }
        if (shaped && dir != null && dir.getFileName().toString().startsWith("olmoe")) {
            return new FakeSession(1, new dev.moescope.app.backend.ModelInfo("olmoe", dir, "olmoe", 2, List.of(0, 1), 4, 2, device));
        }
        return new FakeSession(1);
    }

    @Override
    public List<LanguageRef> languages(Path corpus) {
        if (shaped && corpus != null && corpus.getFileName().toString().startsWith("broken")) {
            throw new IllegalArgumentException(corpus + ": no <lang>.txt files and no JSONL samples");
        }
        if (shaped && corpus != null && corpus.getFileName().toString().startsWith("tri")) {
            return List.of(new LanguageRef("es", "Spanish", "Indo-European"), new LanguageRef("fr", "French", "Indo-European"),
                    new LanguageRef("it", "Italian", "Indo-European"));
        }
        return List.of(new LanguageRef("de", "German", "Indo-European"), new LanguageRef("en", "English", "Indo-European"),
                new LanguageRef("sw", "Swahili", "Atlantic-Congo"));
    }

    @Override
    public List<String> defaultLanguages(Path corpus) {
        if (shaped && corpus != null && corpus.getFileName().toString().startsWith("tri")) {
            return List.of("es", "fr", "it");
        }
        return List.of("en", "de");
    }

    @Override
    public String selectionSummary(Path corpus, List<String> languages) {
        return "12 samples, training split";
    }

    @Override
    public Optional<RoutingStats> cached(ModelSession model, Path corpus, List<String> languages) {
        calls.add("cached " + languages);
        return !cached ? Optional.empty() : Optional.of(shaped ? Stats.synthetic(model.info(), languages) : Stats.twoLanguages());
    }

    @Override
    public RoutingStats collect(ModelSession model, Path corpus, List<String> languages, Consumer<CollectProgress> progress,
            BooleanSupplier cancelled) {
        calls.add("collect " + languages);
        for (int i = 1; i <= 4; i++) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            if (msPerStep > 0) {
                try {
                    Thread.sleep(msPerStep);
                } catch (InterruptedException e) {
                    return null;
                }
            }
            progress.accept(new CollectProgress(i, 4, 1000, (4 - i) * 0.1));
        }
        cached = true;
        return shaped ? Stats.synthetic(model.info(), languages) : Stats.twoLanguages();
    }

    @Override
    public TaskSpec.Opened taskMetric(ModelSession model, TaskSpec spec, List<String> languages) {
        calls.add("task " + spec.metric().cliName());
        return spec.open(store(), scorer, languages);
    }

    @Override
    public ExpertDetails expertDetails(RemoteRun run, int decoderLayer, int expert) {
        calls.add("remote details " + run.url() + " " + decoderLayer + "/" + expert);
        return new ExpertDetails(List.of(new TokenUse("#7", 3, 0.5)), List.of());
    }

    /** A server's answer in two steps; a URL containing "refused" fails as a dead server does. */
    @Override
    public RemoteRun collectRemote(RemoteOptions options, Path corpus, List<String> languages,
            Consumer<CollectProgress> progress, BooleanSupplier cancelled) {
        calls.add("remote " + options.engine() + " " + options.url() + " " + languages);
        if (options.url().toString().contains("refused")) {
            throw new RemoteEngineException("GET " + options.url() + "/v1/models: connection refused (is the server "
                    + "running, and is the URL right?)");
        }
        for (int i = 1; i <= 2; i++) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            progress.accept(new CollectProgress(i, 2, 500, 0));
        }
        return new RemoteRun(Stats.twoLanguages(), "served-moe", options.url().toString(), 4, List.of(), null);
    }

    @Override
    public HeldoutEvaluator heldoutEvaluator(ModelSession model, Path corpus, List<String> languages) {
        calls.add("heldout " + languages);
        return new HeldoutEvaluator(store(), scorer, heldout(languages), false, 1);
    }

    /** Two held-out samples per language, the same ones the fake backend evaluates. */
    public static List<SampleText> heldout(List<String> languages) {
        List<SampleText> out = new ArrayList<>();
        for (String lang : languages) {
            out.add(new SampleText(lang, "article-29", "29", "heldout", "Held-out text one of " + lang + ": "
                    + "Everyone has duties to the community."));
            out.add(new SampleText(lang, "article-30", "30", "heldout", lang + " two: nothing in this Declaration."));
        }
        return out;
    }

    /** The store the held-out results are cached in (a temporary file, opened on first use). */
    public synchronized RoutingStore store() {
        if (store == null) {
            try {
                Path file = Files.createTempFile("moescope-fake-backend", ".db");
                file.toFile().deleteOnExit();
                Files.delete(file);
                store = RoutingStore.open(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return store;
    }

    @Override
    public ExpertDetails expertDetails(ModelSession model, Path corpus, List<String> languages, int decoderLayer, int expert) {
        return new ExpertDetails(List.of(new TokenUse(" the", 12, 0.75)), List.of(new CoActivation((expert + 1) % 4, 0.5)));
    }

    @Override
    public List<String> segments(Path corpus, String language, int max) {
        return List.of("segment of " + language);
    }
}
