package dev.moescope.app.backend;

import dev.moescope.bridge.LoadPolicy;
import dev.moescope.bridge.ModelConfig;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.TextTokenizer;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.DemoAssets;
import dev.moescope.resources.Language;
import dev.moescope.resources.LanguageTable;
import dev.moescope.resources.Segment;
import dev.moescope.routing.analysis.CoActivationCounter;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.collect.CollectionJob;
import dev.moescope.routing.experiment.HeldoutEvaluator;
import dev.moescope.routing.task.TaskSpec;
import dev.moescope.routing.remote.RemoteOptions;
import dev.moescope.routing.remote.RemoteRoutingSource;
import dev.moescope.routing.store.LayerTrace;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.SampleTrace;
import dev.moescope.routing.store.RunInfo;
import dev.moescope.routing.store.SampleText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The real backend: models through the bridge, corpora and languages from resources, routing runs in
 * the SQLite store (one run per model, corpus and language, so any selection reuses what is cached).
 */
public final class CoreBackend implements Backend {
    /**
     * One sample per forward pass: UDHR segments range from a sentence to the long preamble, and a
     * padded batch would pay the longest one's attention for every row (and report progress less often).
     */
    private static final com.fasterxml.jackson.databind.ObjectMapper OBJECT_MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();
    static final CollectionJob.Options COLLECT_OPTIONS = new CollectionJob.Options(1, false, "{}");
    /**
     * Held-out samples per forward pass in masking experiments: one, for the same reason, and so that
     * progress and Cancel act per sample. Without BOS, like {@code moescope intervene}'s default.
     */
    static final int HELDOUT_BATCH = 1;

    private final Path storeFile;
    private RoutingStore store;
    private final Map<String, Corpus> corpora = new ConcurrentHashMap<>();
    private final LanguageTable table = LanguageTable.demo();

    public CoreBackend() {
        this(RoutingStore.defaultPath());
    }

    public CoreBackend(Path storeFile) {
        this.storeFile = storeFile;
    }

    private synchronized RoutingStore store() {
        if (store == null) {
            store = RoutingStore.open(storeFile);
        }
        return store;
    }

    @Override
    public Inspection inspect(Path dir, String device) {
        return inspect(dir, device, 0);
    }

    @Override
    public Inspection inspect(Path dir, String device, long budgetBytes) {
        return ModelInspection.inspect(dir, device, budgetBytes);
    }

    @Override
    public ModelSession open(Path dir, String device) {
        return open(dir, device, 0);
    }

    @Override
    public ModelSession open(Path dir, String device, long budgetBytes) {
        Path modelDir = dir == null ? DemoAssets.modelDir() : dir;
        // the policy, execution and check the model panel showed (ModelInspection): f32 on the CPU, f16 on the GPU;
        // resident when the weights fit the budget (then the memory check applies), streamed layer by layer otherwise
        LoadPolicy policy = ModelInspection.policy(device);
        ModelConfig config = ModelConfig.read(modelDir);
        if (!policy.execution(modelDir, budgetBytes).streamed()) {
            policy.check(config, ModelInspection.CHECK_CONTEXT).requireFits();
        }
        MoeModel model = MoeModel.load(modelDir, policy.loadOptions().withMaxResidentBytes(budgetBytes));
        String name = dir == null ? "demo" : dir.getFileName().toString();
        return new LocalModelSession(model, name, dir, device, modelDir);
    }

    Corpus corpus(Path path) {
        String key = path == null ? "" : path.toAbsolutePath().toString();
        return corpora.computeIfAbsent(key, k -> path == null ? DemoAssets.corpus() : Corpus.load(path));
    }

    @Override
    public List<LanguageRef> languages(Path corpusPath) {
        List<LanguageRef> out = new ArrayList<>();
        for (String code : corpus(corpusPath).languages()) {
            out.add(languageRef(code));
        }
        out.sort(java.util.Comparator.comparing(LanguageRef::family).thenComparing(LanguageRef::name));
        return out;
    }

    private LanguageRef languageRef(String code) {
        Language l = table.resolve(code); // unknown labels: family "unknown", name = the label
        return new LanguageRef(code, l.name(), l.family());
    }

    @Override
    public List<String> defaultLanguages(Path corpusPath) {
        List<String> available = corpus(corpusPath).languages();
        List<String> paper = LanguageTable.PAPER_LANGUAGES.stream().filter(available::contains).toList();
        return paper.isEmpty() ? available.stream().limit(10).toList() : paper;
    }

    /** A corpus segment as the store keeps it (the CLI's corpus selection writes the same). */
    private static SampleText sampleText(Segment s) {
        return new SampleText(s.lang(), s.segmentId(), Integer.toString(s.article()), s.split().name().toLowerCase(Locale.ROOT), s.text());
    }

    /** The split the app collects: the training split where the corpus defines one, else every sample (null). */
    private static Segment.Split collectedSplit(Corpus c) {
        return c.definesSplits() ? Segment.Split.TRAIN : null;
    }

    private List<SampleText> samples(Corpus c, String lang) {
        List<SampleText> out = new ArrayList<>();
        for (Segment s : c.segments(lang, collectedSplit(c))) {
            out.add(sampleText(s));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("corpus " + c.id() + ": no training segments for language " + lang);
        }
        return out;
    }

    @Override
    public boolean definesSplits(Path corpusPath) {
        return corpus(corpusPath).definesSplits();
    }

    @Override
    public String selectionSummary(Path corpusPath, List<String> langs) {
        Corpus c = corpus(corpusPath);
        int n = langs.stream().mapToInt(l -> c.segments(l, collectedSplit(c)).size()).sum();
        return n + " samples, " + (c.definesSplits() ? "training split" : "every sample (the corpus defines no splits)");
    }

    private Map<String, RunInfo> prepare(Path corpusPath, List<String> langs, CollectionJob job) {
        Corpus c = corpus(corpusPath);
        Map<String, RunInfo> runs = new LinkedHashMap<>();
        for (String lang : langs) {
            String selection = OBJECT_MAPPER.createObjectNode().put("language", lang)
                    .put("split", c.definesSplits() ? "train" : "all").toString();
            runs.put(lang, job.prepare(c.id(), corpusPath == null ? "demo" : corpusPath.toString(), samples(c, lang), selection));
        }
        return runs;
    }

    @Override
    public Optional<RoutingStats> cached(ModelSession model, Path corpusPath, List<String> langs) {
        LocalModelSession s = (LocalModelSession) model;
        CollectionJob job = new CollectionJob(store(), s.routingSource(), COLLECT_OPTIONS);
        Map<String, RunInfo> runs = prepare(corpusPath, langs, job);
        if (!runs.values().stream().allMatch(RunInfo::complete)) {
            return Optional.empty();
        }
        return Optional.of(merge(runs));
    }

    private RoutingStats merge(Map<String, RunInfo> runs) {
        List<RoutingStats> parts = new ArrayList<>();
        for (RunInfo r : runs.values()) {
            parts.add(store().aggregates(r.id()).toRoutingStats());
        }
        return RoutingStats.concat(parts);
    }

    @Override
    public RoutingStats collect(ModelSession model, Path corpusPath, List<String> langs,
            Consumer<CollectProgress> progress, BooleanSupplier cancelled) {
        LocalModelSession s = (LocalModelSession) model;
        CollectionJob job = new CollectionJob(store(), s.routingSource(), COLLECT_OPTIONS);
        Map<String, RunInfo> runs = prepare(corpusPath, langs, job);
        Map<String, RunInfo> finished = runAll(job, runs, progress, cancelled);
        return finished == null ? null : merge(finished);
    }

    /**
     * Collects the corpus selection from a vLLM or SGLang server into ids-only runs (one per language, as local
     * runs); null when cancelled. The runs are keyed by the served model's config and the URL.
     */
    @Override
    public RemoteRun collectRemote(RemoteOptions options, Path corpusPath, List<String> langs,
            Consumer<CollectProgress> progress, BooleanSupplier cancelled) {
        try (RemoteRoutingSource source = RemoteRoutingSource.connect(options)) {
            CollectionJob job = new CollectionJob(store(), source,
                    new CollectionJob.Options(Math.max(4, options.concurrency()), false, "{}"));
            Map<String, RunInfo> finished = runAll(job, prepare(corpusPath, langs, job), progress, cancelled);
            return finished == null ? null : new RemoteRun(merge(finished), source.servedModel(),
                    options.url().toString(), source.config().numExperts(),
                    finished.values().stream().map(RunInfo::id).toList(), source.tokenizerDir());
        }
    }

    /** Runs what is pending of each run in turn, with progress over all; null when cancelled. */
    private static Map<String, RunInfo> runAll(CollectionJob job, Map<String, RunInfo> runs,
            Consumer<CollectProgress> progress, BooleanSupplier cancelled) {
        int total = runs.values().stream().mapToInt(RunInfo::numSamples).sum();
        int[] doneBefore = {runs.values().stream().filter(RunInfo::complete).mapToInt(RunInfo::numSamples).sum()};
        final int doneAtStart = doneBefore[0];
        long start = System.nanoTime();
        long[] tokens = {0};
        Map<String, RunInfo> finished = new LinkedHashMap<>();
        for (var e : runs.entrySet()) {
            RunInfo run = e.getValue();
            if (!run.complete()) {
                if (cancelled.getAsBoolean()) {
                    break;
                }
                int base = doneBefore[0];
                long tokBase = tokens[0];
                Thread watcher = cancelWatcher(job, cancelled);
                run = job.run(run, p -> {
                    tokens[0] = tokBase + p.sessionTokens();
                    int done = base + p.doneSamples();
                    double secs = (System.nanoTime() - start) / 1e9;
                    double rate = tokens[0] / Math.max(secs, 1e-9);
                    double eta = done <= doneAtStart ? Double.NaN : secs / (done - doneAtStart) * (total - done);
                    progress.accept(new CollectProgress(done, total, rate, eta));
                });
                watcher.interrupt();
                doneBefore[0] += run.numSamples();
            }
            finished.put(e.getKey(), run);
        }
        if (cancelled.getAsBoolean() || !finished.values().stream().allMatch(RunInfo::complete)) {
            return null;
        }
        return finished;
    }

    /** Polls the app's cancel flag and forwards it to the job (which checks between batches). */
    private static Thread cancelWatcher(CollectionJob job, BooleanSupplier cancelled) {
        Thread t = new Thread(() -> {
            try {
                while (!cancelled.getAsBoolean()) {
                    Thread.sleep(50);
                }
                job.cancel();
            } catch (InterruptedException ignored) {
                // the run ended first
            }
        }, "moescope-collect-cancel");
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Override
    public TaskSpec.Opened taskMetric(ModelSession model, TaskSpec spec, List<String> langs) {
        return spec.open(store(), ((LocalModelSession) model).scoringModel(), langs);
    }

    @Override
    public HeldoutEvaluator heldoutEvaluator(ModelSession model, Path corpusPath, List<String> langs) {
        Corpus c = corpus(corpusPath);
        List<SampleText> samples = new ArrayList<>();
        for (String lang : c.languages().stream().filter(langs::contains).toList()) {
            List<Segment> held = c.segments(lang, Segment.Split.HELDOUT);
            if (held.isEmpty()) {
                throw new IllegalArgumentException("corpus " + c.id() + ": no held-out segments for language " + lang
                        + " to evaluate bits per byte on");
            }
            for (Segment s : held) {
                samples.add(sampleText(s));
            }
        }
        return new HeldoutEvaluator(store(), ((LocalModelSession) model).scoringModel(), samples, false, HELDOUT_BATCH);
    }

    @Override
    public ExpertDetails expertDetails(ModelSession model, Path corpusPath, List<String> langs, int decoderLayer, int expert) {
        LocalModelSession s = (LocalModelSession) model;
        CollectionJob job = new CollectionJob(store(), s.routingSource(), COLLECT_OPTIONS);
        Map<String, RunInfo> runs = prepare(corpusPath, langs, job);
        var tok = s.model().tokenizer();
        return details(runs.values().stream().map(RunInfo::id).toList(), s.info().numExperts(), decoderLayer, expert,
                tok::tokenLabel);
    }

    /** The same over a server's ids-only runs; tokens are labelled by the local tokenizer, or by id without one. */
    @Override
    public ExpertDetails expertDetails(RemoteRun run, int decoderLayer, int expert) {
        if (run.tokenizerDir() == null) {
            return details(run.runIds(), run.numExperts(), decoderLayer, expert, id -> "#" + id);
        }
        try (TextTokenizer tok = TextTokenizer.load(run.tokenizerDir(), null, java.util.Set.of())) {
            return details(run.runIds(), run.numExperts(), decoderLayer, expert, tok::tokenLabel);
        }
    }

    /** From the stored traces (ids suffice): the tokens most routed to an expert and its co-activated experts. */
    private ExpertDetails details(List<Long> runIds, int numExperts, int decoderLayer, int expert,
            java.util.function.IntFunction<String> label) {
        CoActivationCounter co = new CoActivationCounter(numExperts);
        Map<Integer, long[]> tokenCounts = new java.util.HashMap<>(); // token id -> {occurrences, with expert}
        for (long runId : runIds) {
            for (RoutingStore.CompletedSample cs : store().completedSamples(runId)) {
                SampleTrace trace = store().trace(runId, cs.sampleId());
                for (LayerTrace layer : trace.layers()) {
                    if (layer.layer() != decoderLayer) {
                        continue;
                    }
                    for (int t = 0; t < layer.topkIds().length; t++) {
                        int[] ids = layer.topkIds()[t];
                        co.add(ids);
                        long[] c = tokenCounts.computeIfAbsent(trace.tokens()[t], k -> new long[2]);
                        c[0]++;
                        for (int id : ids) {
                            if (id == expert) {
                                c[1]++;
                            }
                        }
                    }
                }
            }
        }
        List<TokenUse> top = tokenCounts.entrySet().stream().filter(e -> e.getValue()[1] > 0)
                .sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(12)
                .map(e -> new TokenUse(label.apply(e.getKey()), e.getValue()[1], e.getValue()[1] / (double) e.getValue()[0]))
                .toList();
        double[] p = co.conditional()[expert];
        List<CoActivation> coAct = new ArrayList<>();
        for (int b = 0; b < numExperts; b++) {
            if (b != expert && p[b] > 0) {
                coAct.add(new CoActivation(b, p[b]));
            }
        }
        coAct.sort((a, b) -> Double.compare(b.probability(), a.probability()));
        return new ExpertDetails(top, coAct.subList(0, Math.min(8, coAct.size())));
    }

    @Override
    public List<String> heldoutSegments(Path corpusPath, String language) {
        Corpus c = corpus(corpusPath);
        List<Segment> held = c.definesSplits() ? c.segments(language, Segment.Split.HELDOUT) : List.of();
        return (held.isEmpty() ? c.segments(language, null) : held).stream().map(Segment::text).toList();
    }

    @Override
    public List<String> segments(Path corpusPath, String language, int max) {
        Corpus c = corpus(corpusPath);
        List<String> out = new ArrayList<>();
        for (Segment.Split split : Segment.Split.values()) {
            for (Segment s : c.segments(language, split)) {
                if (out.size() < max) {
                    out.add(s.text());
                }
            }
        }
        return out;
    }

    @Override
    public ImportedStatistics importStatistics(Path folder, String modelName) {
        var outcome = dev.moescope.routing.imports.StatisticsImport.importFolder(store(),
                dev.moescope.routing.imports.StatisticsImport.Format.PAPER_RECORDER, folder, modelName, null);
        RunInfo run = outcome.run();
        RoutingStats stats = outcome.aggregates().toRoutingStats();
        return new ImportedStatistics(stats, stats.languages().stream().map(this::languageRef).toList(),
                store().model(run.modelId()).path(), run.source(), run.id(), outcome.warnings());
    }
}
