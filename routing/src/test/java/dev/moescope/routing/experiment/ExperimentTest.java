package dev.moescope.routing.experiment;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.analysis.LayerBand;
import dev.moescope.routing.analysis.MaskingDeltaTable;
import dev.moescope.routing.analysis.RoutingStats;
import dev.moescope.routing.collect.CollectionJob;
import dev.moescope.routing.store.EvalResult;
import dev.moescope.routing.store.ModelInfo;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.SampleText;
import dev.moescope.routing.testing.FakeRoutingSource;
import dev.moescope.routing.testing.SyntheticCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExperimentTest {
    @TempDir
    Path dir;

    /**
     * Byte tokens; every next token gets log p = -ln 2 * (1 + 0.01 * masked experts + 0.1 * lambda), so bpb is
     * known exactly.
     */
    static final class FakeScorer implements ScoringModel {
        int forwardCalls;
        final ModelInfo info = FakeRoutingSource.small().modelInfo();

        @Override
        public ModelInfo modelInfo() {
            return info;
        }

        @Override
        public int[] encode(String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            int[] ids = new int[b.length];
            for (int i = 0; i < b.length; i++) {
                ids[i] = b[i] & 0xff;
            }
            return ids;
        }

        @Override
        public String decode(int[] ids) {
            byte[] b = new byte[ids.length];
            for (int i = 0; i < ids.length; i++) {
                b[i] = (byte) ids[i];
            }
            return new String(b, StandardCharsets.UTF_8);
        }

        @Override
        public Integer bosId() {
            return 256;
        }

        @Override
        public List<float[]> nextTokenLogProbs(List<int[]> batch, RouterIntervention intervention) {
            forwardCalls++;
            int masked = intervention.mask().values().stream().mapToInt(java.util.Set::size).sum();
            double cost = 1 + 0.01 * masked + 0.1 * intervention.lambda();
            List<float[]> out = new ArrayList<>();
            for (int[] ids : batch) {
                float[] lp = new float[ids.length - 1];
                java.util.Arrays.fill(lp, (float) (-Math.log(2) * cost));
                out.add(lp);
            }
            return out;
        }
    }

    @Test
    void bitsPerByteSkipsTheFirstTokenWithoutBosAndIsCached() {
        List<SampleText> samples = List.of(new SampleText("en", "1", null, "heldout", "abcd"),
                new SampleText("zh", "1", null, "heldout", "中文")); // 6 bytes, first token is a partial character
        try (RoutingStore store = RoutingStore.open(dir.resolve("e.db"))) {
            FakeScorer scorer = new FakeScorer();
            HeldoutEvaluator plain = new HeldoutEvaluator(store, scorer, samples, false, 4);
            Map<String, EvalResult> r = plain.evaluate(RouterIntervention.NONE, n -> { });
            assertEquals(3, r.get("en").scoredTokens());
            assertEquals(3, r.get("en").scoredBytes(), "the first token's byte is not scored");
            assertEquals(1.0, r.get("en").bitsPerByte(), 1e-6);
            // 中 is 3 byte tokens: scoring starts at 文, the first token on a character boundary
            assertEquals(3, r.get("zh").scoredTokens());
            assertEquals(3, r.get("zh").scoredBytes());
            assertEquals(1.0, r.get("zh").bitsPerByte(), 1e-6);
            int calls = scorer.forwardCalls;
            plain.evaluate(RouterIntervention.NONE, n -> { });
            assertEquals(calls, scorer.forwardCalls, "cached: no forward pass");

            HeldoutEvaluator withBos = new HeldoutEvaluator(store, scorer, samples, true, 4);
            Map<String, EvalResult> b = withBos.evaluate(RouterIntervention.NONE, n -> { });
            assertEquals(4, b.get("en").scoredTokens());
            assertEquals(4, b.get("en").scoredBytes());
            assertTrue(scorer.forwardCalls > calls, "BOS is a different evaluation");
        }
    }

    @Test
    void cachedResultsAreSharedPerLanguageBetweenEvaluationsOfDifferentLanguageSets() {
        SampleText en = new SampleText("en", "1", null, "heldout", "abcd");
        SampleText zh = new SampleText("zh", "1", null, "heldout", "中文");
        try (RoutingStore store = RoutingStore.open(dir.resolve("p.db"))) {
            FakeScorer scorer = new FakeScorer();
            HeldoutEvaluator both = new HeldoutEvaluator(store, scorer, List.of(en, zh), false, 1);
            double enBpb = both.evaluate(RouterIntervention.NONE, n -> { }).get("en").bitsPerByte();
            assertEquals(2, both.scoredSamples());
            assertEquals(Map.of("en", 1, "zh", 1), both.samplesPerLanguage());

            HeldoutEvaluator onlyEn = new HeldoutEvaluator(store, scorer, List.of(en), false, 1);
            int calls = scorer.forwardCalls;
            assertEquals(enBpb, onlyEn.evaluate(RouterIntervention.NONE, n -> { }).get("en").bitsPerByte(), 0);
            assertEquals(calls, scorer.forwardCalls, "en was cached by the evaluation of en and zh");
            assertEquals(0, onlyEn.scoredSamples());

            SampleText enEdited = new SampleText("en", "1", null, "heldout", "abcde");
            HeldoutEvaluator edited = new HeldoutEvaluator(store, scorer, List.of(enEdited, zh), false, 1);
            edited.evaluate(RouterIntervention.NONE, n -> { });
            assertEquals(1, edited.scoredSamples(), "changed en text is scored again, zh comes from the cache");
        }
    }

    @Test
    void aCustomBandEqualsTheNamedBandWithTheSameLayers() {
        try (RoutingStore store = RoutingStore.open(dir.resolve("c.db"))) {
            FakeRoutingSource source = FakeRoutingSource.small();
            CollectionJob job = new CollectionJob(store, source, CollectionJob.Options.defaults());
            long run = job.run(job.prepare("syn", null, SyntheticCorpus.samples(6), "{}"), p -> { }).id();
            RoutingStats stats = store.aggregates(run).toRoutingStats();
            FakeScorer scorer = new FakeScorer();
            HeldoutEvaluator evaluator = new HeldoutEvaluator(store, scorer, SyntheticCorpus.samples(2), false, 8);
            MaskingExperiment experiment = new MaskingExperiment(stats, evaluator, 3, 0.4);
            MaskingDeltaTable named = experiment.run(List.of(LayerBand.ALL), List.of("en"), true, n -> { }).get(0);
            int calls = scorer.forwardCalls;
            int[] done = {0};
            MaskingDeltaTable custom = experiment.run("custom", LayerBand.ALL.decoderLayers(stats.moeLayers()),
                    List.of("en"), true, n -> done[0] += n);
            assertEquals(calls, scorer.forwardCalls, "same masks: served from the cache");
            assertEquals(experiment.plannedSamples(1, List.of("en"), true, evaluator.sampleCount()), done[0]);
            assertEquals(named.delta().rowLabels(), custom.delta().rowLabels());
            for (int m = 0; m < named.maskedBpb().length; m++) {
                assertArrayEquals(named.maskedBpb()[m], custom.maskedBpb()[m], 0);
            }
        }
    }

    @Test
    void maskingTablesAndSteeringSweepFollowTheInterventions() {
        try (RoutingStore store = RoutingStore.open(dir.resolve("m.db"))) {
            FakeRoutingSource source = FakeRoutingSource.small();
            CollectionJob job = new CollectionJob(store, source, CollectionJob.Options.defaults());
            long run = job.run(job.prepare("syn", null, SyntheticCorpus.samples(6), "{}"), p -> { }).id();
            RoutingStats stats = store.aggregates(run).toRoutingStats();
            List<SampleText> heldout = SyntheticCorpus.samples(2);
            FakeScorer scorer = new FakeScorer();
            HeldoutEvaluator evaluator = new HeldoutEvaluator(store, scorer, heldout, false, 8);
            MaskingExperiment experiment = new MaskingExperiment(stats, evaluator, 3, 0.4);
            List<MaskingDeltaTable> tables = experiment.run(List.of(LayerBand.EARLY, LayerBand.ALL),
                    List.of("en", "zh"), true, n -> { });
            assertEquals(2, tables.size());
            MaskingDeltaTable all = tables.get(1);
            assertEquals(List.of("en", "zh", "shared"), all.maskedLanguages());
            assertEquals(List.of("en", "de", "zh"), all.evaluatedLanguages());
            for (String m : all.maskedLanguages()) {
                int masked = experiment.maskedExpertCounts().get("all/" + m);
                for (String x : all.evaluatedLanguages()) {
                    assertEquals(0.01 * masked, all.delta().get(m, x), 1e-6, m + " masked, " + x + " evaluated");
                }
            }
            assertTrue(experiment.maskedExpertCounts().get("all/en") > 0);
            int calls = scorer.forwardCalls;
            experiment.run(List.of(LayerBand.ALL), List.of("en"), false, n -> { });
            assertEquals(calls, scorer.forwardCalls, "every condition already cached");

            SteeringPlan plan = SteeringPlan.derive(stats, List.of("en"), LayerBand.ALL.decoderLayers(stats.moeLayers()), 3, 0.4);
            List<SteeringSweep.Point> sweep = new SteeringSweep(evaluator).run(plan, List.of(0.0, 0.5), n -> { });
            assertEquals(0.0, sweep.get(0).deltaBpb()[0], 1e-12);
            if (plan.size() > 0) {
                assertEquals(0.05, sweep.get(1).deltaBpb()[0], 1e-6);
            }
        }
    }
}
