package dev.moescope.cli;

import dev.moescope.app.steering.DecodingOptionsViewModel;
import dev.moescope.app.steering.PromptSamples;
import dev.moescope.bridge.GenerationOptions;
import dev.moescope.bridge.MoeModel;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.DemoAssets;
import dev.moescope.resources.LanguageTable;
import dev.moescope.resources.Scripts;
import dev.moescope.resources.Segment;
import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.analysis.SteeringCoefficients;
import dev.moescope.routing.store.ModelFingerprint;
import dev.moescope.routing.store.ModelInfo;
import dev.moescope.routing.task.LanguageConsistency;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code moescope steer-curve}: how often "toward X" steering makes the model write X, per lambda. */
@Command(name = "steer-curve", mixinStandardHelpOptions = true,
        description = "For each target language X and each lambda, generate from N prompts with the app's \"toward X\" "
                + "preset (X's exclusive experts of the collected statistics, the paper's classification at --k/--thr, "
                + "s = X's share, z' = z + lambda*s*|z| on the early and late quarter of the MoE layers) and report the "
                + "share of generations Lingua detects as X (among --detect-among) and the share of their letters in X's "
                + "script, as lambda x language tables. Prompts: the openings of held-out segments in --prompt-langs, "
                + "drawn with --seed; prompt i is sampled with seed + i at every lambda (lambda 0 is the unsteered "
                + "baseline). Needs collected routing statistics of the model: run `moescope collect --model DIR "
                + "--langs ...` first (the statistics' languages are those the classification tells apart).")
public final class SteerCurveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunSelection runSelection;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--corpus", paramLabel = "demo|FILE.jsonl|DIR", description = "where the prompts come from; default: "
            + "the corpus the statistics were collected from")
    String corpus;

    @Option(names = "--targets", split = ",", defaultValue = "ru,ar,hi,fr",
            description = "target languages X (default: ${DEFAULT-VALUE}: Cyrillic, Arabic, Devanagari, Latin)")
    List<String> targets;

    @Option(names = "--lambdas", split = ",", defaultValue = "0,0.2,0.4,0.8,1.6",
            description = "steering strengths; default: ${DEFAULT-VALUE}")
    List<Double> lambdas;

    @Option(names = "--prompt-langs", split = ",", defaultValue = "en",
            description = "languages the prompts are taken from (held-out split); default: ${DEFAULT-VALUE}")
    List<String> promptLangs;

    @Option(names = "--prompts", defaultValue = "6", description = "prompts N; default: ${DEFAULT-VALUE}")
    int prompts;

    @Option(names = "--max-new-tokens", defaultValue = "48", description = "default: ${DEFAULT-VALUE}")
    int maxNewTokens;

    @Option(names = "--temperature", defaultValue = "" + DecodingOptionsViewModel.TEMPERATURE, description = "default: ${DEFAULT-VALUE}")
    float temperature;

    @Option(names = "--top-p", defaultValue = "" + DecodingOptionsViewModel.TOP_P, description = "default: ${DEFAULT-VALUE}")
    float topP;

    @Option(names = "--repetition-penalty", defaultValue = "" + DecodingOptionsViewModel.REPETITION_PENALTY,
            description = "default: ${DEFAULT-VALUE} (the steering tab's)")
    float repetitionPenalty;

    @Option(names = "--seed", defaultValue = "0", description = "prompt draw and sampling seed; default: ${DEFAULT-VALUE}")
    long seed;

    @Option(names = "--k", defaultValue = "0", description = "classification top-k; default: 15 of 128 experts scaled "
            + "to the model's experts (2 of the demo's 16), as the app")
    int k;

    @Option(names = "--thr", defaultValue = "" + ExpertClassification.DEFAULT_THRESHOLD, description = "classification threshold; default: ${DEFAULT-VALUE}")
    double thr;

    @Option(names = "--detect-among", split = ",", description = "candidate languages of the detector (default: the "
            + "statistics' languages, the targets and the prompt languages that Lingua knows)")
    List<String> detectAmong;

    @Option(names = "--bos", description = "prepend the model's BOS token to each prompt")
    boolean bos;

    @Option(names = "--threads", defaultValue = "1", description = "PyTorch intra-op threads; default: ${DEFAULT-VALUE}")
    int threads;

    @Option(names = "--show-texts", description = "print every generation (lambda, X, prompt id, detected language, text)")
    boolean showTexts;

    /** A prompt: its corpus id and text. */
    record Prompt(String id, String text) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RoutingStats stats;
        Path modelDir;
        String corpusSource;
        try (RunSelection.SelectedRun selected = runSelection.open()) {
            stats = selected.stats();
            ModelInfo collected = selected.store().model(selected.run().modelId());
            modelDir = modelOptions.model != null ? modelOptions.model
                    : Files.isDirectory(Path.of(collected.path())) ? Path.of(collected.path()) : DemoAssets.modelDir();
            if (!ModelFingerprint.of(modelDir).equals(collected.fingerprint())) {
                throw new IllegalArgumentException(modelDir + ": not the model the statistics were collected with ("
                        + collected.path() + "); pass --model " + collected.path() + ", or collect this model first");
            }
            String source = selected.store().corpusSource(selected.run().corpusId());
            corpusSource = corpus != null ? corpus : source == null ? "demo" : source;
        }
        modelOptions.model = modelDir;
        for (String x : targets) {
            if (!stats.languages().contains(x)) {
                throw new IllegalArgumentException("--targets: no routing statistics for " + x + " (the statistics hold "
                        + stats.languages() + "); collect it first: moescope collect --model " + modelDir + " --langs ...");
            }
        }
        Corpus c = corpusSource.equals("demo") ? Corpus.demo() : Corpus.load(Path.of(corpusSource));
        List<Prompt> chosen = prompts(c);
        int[] band = SteeringCoefficients.earlyAndLate(stats.moeLayers());
        k = k > 0 ? k : ExpertClassification.defaultTopK(stats.numExperts());
        Map<String, Map<Integer, Map<Integer, Double>>> plans = new LinkedHashMap<>();
        for (String x : targets) {
            plans.put(x, SteeringCoefficients.exclusiveRule(stats, x, band, k, thr));
        }
        Set<String> candidates = new LinkedHashSet<>(targets);
        candidates.addAll(promptLangs);
        candidates.addAll(detectAmong != null ? detectAmong : stats.languages());
        List<String> detectable = targets.stream().filter(x -> LanguageConsistency.resolve(x).isPresent()).toList();
        GenerationOptions opts = new GenerationOptions(maxNewTokens, temperature, topP, seed, false)
                .withRepetitionPenalty(repetitionPenalty);

        out.printf(Locale.ROOT, "steer-curve: model %s, statistics of %s (k %d, thr %s), decoder layers %s (early + late "
                        + "quarter), %s%n", modelDir, String.join(",", stats.languages()), k, thr, java.util.Arrays.toString(band),
                describe(opts));
        for (String x : targets) {
            Map<Integer, Map<Integer, Double>> plan = plans.get(x);
            out.printf(Locale.ROOT, "  toward %s: %d exclusive experts %s%n", x, plan.values().stream().mapToInt(Map::size).sum(), plan.keySet());
        }
        out.printf("prompts (%d, held-out openings in %s, seed %d):%n", chosen.size(), String.join(",", promptLangs), seed);
        for (int i = 0; i < chosen.size(); i++) {
            out.printf("  [%d] %s: %s%n", i, chosen.get(i).id(), chosen.get(i).text());
        }
        out.flush();

        TrainDemoCommand.setThreads(threads);
        double[][] detected = new double[lambdas.size()][targets.size()];
        double[][] script = new double[lambdas.size()][targets.size()];
        LanguageTable table = LanguageTable.demo();
        ProgressBar bar = new ProgressBar(System.err, "steer-curve");
        var counter = bar.counter((long) lambdas.size() * targets.size() * chosen.size(), "generations");
        try (MoeModel model = modelOptions.load(ModelOptions.DEFAULT_CONTEXT + maxNewTokens);
             LanguageConsistency detector = new LanguageConsistency(detectable, candidates, false)) {
            Map<Integer, String> baseline = new LinkedHashMap<>(); // lambda 0 is the same for every X
            for (int li = 0; li < lambdas.size(); li++) {
                double lambda = lambdas.get(li);
                for (int xi = 0; xi < targets.size(); xi++) {
                    String x = targets.get(xi);
                    String iso = scriptOf(table, c, x);
                    RouterIntervention iv = lambda == 0 ? RouterIntervention.NONE : RouterIntervention.scaled(lambda, plans.get(x));
                    int hits = 0;
                    double letters = 0;
                    for (int i = 0; i < chosen.size(); i++) {
                        int pi = i;
                        String text = lambda == 0 && baseline.containsKey(i) ? baseline.get(i)
                                : model.generate(encode(model, chosen.get(i).text()), opts.withSeed(seed + i), iv, null, null).text();
                        if (lambda == 0) {
                            baseline.putIfAbsent(pi, text);
                        }
                        String lang = detectable.contains(x) ? detector.detect(text) : "-";
                        boolean hit = detectable.contains(x) && lang.equals(detector.expectedCode(x));
                        hits += hit ? 1 : 0;
                        letters += scriptShare(text, iso);
                        if (showTexts) {
                            out.printf(Locale.ROOT, "  lambda %s %s [%d] detected %s: %s%n", lambda, x, i, lang, text.replace('\n', ' '));
                        }
                        counter.accept(1);
                    }
                    detected[li][xi] = detectable.contains(x) ? hits / (double) chosen.size() : Double.NaN;
                    script[li][xi] = letters / chosen.size();
                }
            }
        }
        bar.finish();
        out.println();
        out.printf("share of generations detected as X (Lingua among %s):%n", String.join(",", candidates));
        table(out, detected, x -> x);
        out.println("share of letters in X's script:");
        table(out, script, x -> x + "(" + scriptOf(table, c, x) + ")");
        out.flush();
        return 0;
    }

    private void table(PrintWriter out, double[][] values, java.util.function.Function<String, String> header) {
        StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "%-8s", "lambda"));
        targets.forEach(x -> h.append(String.format(Locale.ROOT, " %10s", header.apply(x))));
        out.println(h);
        for (int li = 0; li < lambdas.size(); li++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8s", lambdas.get(li)));
            for (double v : values[li]) {
                row.append(Double.isNaN(v) ? String.format(Locale.ROOT, " %10s", "n/a") : String.format(Locale.ROOT, " %10.2f", v));
            }
            out.println(row);
        }
    }

    /** N prompt openings drawn with the seed from the held-out segments of the prompt languages. */
    List<Prompt> prompts(Corpus c) {
        List<Prompt> pool = new ArrayList<>();
        for (String lang : promptLangs) {
            List<Segment> held = c.segments(lang, Segment.Split.HELDOUT);
            if (held.isEmpty()) {
                throw new IllegalArgumentException("--prompt-langs: corpus " + c.id() + " has no held-out text in " + lang
                        + " (languages: " + c.languages() + ")");
            }
            held.forEach(s -> pool.add(new Prompt(lang + "/" + s.segmentId(), PromptSamples.opening(s.text()))));
        }
        if (prompts < 1) {
            throw new IllegalArgumentException("--prompts must be >= 1, got " + prompts);
        }
        if (prompts < pool.size()) {
            Collections.shuffle(pool, new Random(seed));
            return List.copyOf(pool.subList(0, prompts));
        }
        return List.copyOf(pool);
    }

    private int[] encode(MoeModel model, String text) {
        int[] ids = model.tokenizer().encode(text);
        Integer b = model.tokenizer().bosId();
        if (!bos || b == null) {
            return ids;
        }
        int[] with = new int[ids.length + 1];
        with[0] = b;
        System.arraycopy(ids, 0, with, 1, ids.length);
        return with;
    }

    /** ISO 15924 script of a language: the language table's, else that of its corpus text. */
    static String scriptOf(LanguageTable table, Corpus c, String lang) {
        return table.find(lang).map(dev.moescope.resources.Language::script).orElseGet(() -> {
            List<Segment> s = c.segments(lang, null);
            return s.isEmpty() ? "Zyyy" : Scripts.detect(s.get(0).text());
        });
    }

    private static final Set<String> CJK = Set.of("Hans", "Hant", "Hani", "Jpan", "Kore");

    /** Share of the letters of {@code text} written in script {@code iso} (the CJK scripts count as one); 0 without letters. */
    static double scriptShare(String text, String iso) {
        int letters = 0;
        int in = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            String s = Scripts.detect(new String(Character.toChars(cp)));
            if (s.equals("Zyyy")) {
                continue;
            }
            letters++;
            if (s.equals(iso) || (CJK.contains(s) && CJK.contains(iso))) {
                in++;
            }
        }
        return letters == 0 ? 0 : in / (double) letters;
    }

    private static String describe(GenerationOptions o) {
        return String.format(Locale.ROOT, "temperature %s, top-p %s, repetition penalty %s, %d new tokens, seed %d + prompt index",
                o.temperature(), o.topP(), o.repetitionPenalty(), o.maxNewTokens(), o.seed());
    }
}
