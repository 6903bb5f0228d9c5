package dev.moescope.app.backend;

import dev.moescope.bridge.ForwardOptions;
import dev.moescope.bridge.ForwardResult;
import dev.moescope.bridge.LogitsMode;
import dev.moescope.bridge.RouterIntervention;
import dev.moescope.resources.Corpus;
import dev.moescope.resources.Segment;
import dev.moescope.routing.analysis.BitsPerByte;
import dev.moescope.routing.analysis.ExpertClassification;
import dev.moescope.routing.analysis.LabeledMatrix;
import dev.moescope.routing.analysis.LayerClassification;
import dev.moescope.routing.analysis.MaskSelection;
import dev.moescope.routing.analysis.RoutingStats;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Masks the exclusive experts of each target language (or the shared experts) in a band of layers and
 * measures bits per byte on the held-out segments of every language, minus the unmasked model's.
 */
final class MaskingExperiment {
    private final BridgeSession session;
    private final Corpus corpus;

    MaskingExperiment(BridgeSession session, Corpus corpus) {
        this.session = session;
        this.corpus = corpus;
    }

    LabeledMatrix run(RoutingStats stats, List<String> targets, int[] band, Consumer<CollectProgress> progress,
            BooleanSupplier cancelled) {
        List<String> langs = stats.languages();
        int[] bandLayers = IntStream.of(stats.moeLayers()).filter(l -> l >= band[0] && l <= band[1]).toArray();
        List<LayerClassification> classes = ExpertClassification.classify(stats);
        int total = (targets.size() + 1) * langs.size();
        int[] done = {0};
        long start = System.nanoTime();
        double[] base = new double[langs.size()];
        for (int x = 0; x < langs.size(); x++) {
            base[x] = bpb(RouterIntervention.NONE, langs.get(x));
            tick(progress, ++done[0], total, start);
        }
        double[][] delta = new double[targets.size()][langs.size()];
        for (int m = 0; m < targets.size(); m++) {
            String t = targets.get(m);
            Map<Integer, List<Integer>> mask = Backend.SHARED_TARGET.equals(t)
                    ? MaskSelection.sharedExperts(classes, bandLayers)
                    : MaskSelection.exclusiveExperts(classes, t, bandLayers);
            RouterIntervention iv = RouterIntervention.parse(new SteeringSpec(Map.of(), 0, Map.of(), mask).toJson());
            for (int x = 0; x < langs.size(); x++) {
                if (cancelled.getAsBoolean()) {
                    return null;
                }
                delta[m][x] = mask.isEmpty() ? 0 : bpb(iv, langs.get(x)) - base[x];
                tick(progress, ++done[0], total, start);
            }
        }
        List<String> rows = targets.stream().map(t -> Backend.SHARED_TARGET.equals(t) ? "shared" : "mask " + t).toList();
        return new LabeledMatrix(rows, langs, delta);
    }

    private static void tick(Consumer<CollectProgress> progress, int done, int total, long start) {
        double secs = (System.nanoTime() - start) / 1e9;
        progress.accept(new CollectProgress(done, total, 0, secs / done * (total - done)));
    }

    /** Bits per byte over the held-out segments of one language under an intervention. */
    private double bpb(RouterIntervention iv, String lang) {
        List<Segment> segs = corpus.segments(lang, Segment.Split.HELDOUT);
        if (segs.isEmpty()) {
            throw new IllegalArgumentException("corpus " + corpus.id() + ": no held-out segments for " + lang);
        }
        List<int[]> batch = new ArrayList<>();
        long bytes = 0;
        var tok = session.model().tokenizer();
        for (Segment s : segs) {
            int[] ids = tok.encode(s.text());
            if (ids.length < 2) {
                continue;
            }
            batch.add(ids);
            // the first token is not predicted: count the bytes of the text after it
            bytes += s.text().getBytes(StandardCharsets.UTF_8).length
                    - tok.decode(new int[] {ids[0]}).getBytes(StandardCharsets.UTF_8).length;
        }
        // one segment per pass: no padding to the longest segment (the preamble is ~10x an article)
        List<ForwardResult> results = session.withIntervention(iv, () -> {
            List<ForwardResult> out = new ArrayList<>();
            for (int[] ids : batch) {
                out.add(session.model().forward(ids, new ForwardOptions(false, LogitsMode.NONE)));
            }
            return out;
        });
        double nll = 0;
        for (ForwardResult r : results) {
            for (float lp : r.nextTokenLogProbs()) {
                nll -= lp;
            }
        }
        return BitsPerByte.of(nll, bytes);
    }
}
