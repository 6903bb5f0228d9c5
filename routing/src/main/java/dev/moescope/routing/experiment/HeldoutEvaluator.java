package dev.moescope.routing.experiment;

import dev.moescope.bridge.RouterIntervention;
import dev.moescope.routing.store.EvalResult;
import dev.moescope.routing.store.ModelFingerprint;
import dev.moescope.routing.store.RoutingStore;
import dev.moescope.routing.store.SampleText;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * Bits per byte of held-out text per language under an intervention, cached in the store by model fingerprint,
 * intervention hash and the evaluated samples of each language (keyed per language, so an evaluation of another
 * set of languages, e.g. the app's selection and the CLI's {@code --langs}, reuses what they have in common).
 *
 * <p>bpb = -sum ln p(x_t | x_&lt;t) / (ln 2 * bytes). Without BOS the first token has no context and is not
 * scored: scoring starts at the first token that begins on a character boundary after it (normally the second
 * token; later when the first token ends inside a multi-byte character), and the byte count is that of the
 * text from there on, so numerator and denominator cover the same bytes. With {@code addBos} the BOS token is
 * prepended and every text token is scored over all bytes.
 */
public final class HeldoutEvaluator implements InterventionMetric {
    private final RoutingStore store;
    private final ScoringModel model;
    private final long modelId;
    private final Map<String, List<SampleText>> byLanguage = new LinkedHashMap<>();
    private final boolean addBos;
    private final int batchSize;
    private final Map<String, String> evalKeys = new LinkedHashMap<>(); // language -> sha256 of its samples and BOS
    private int forwardBatches;
    private int scoredSamples;

    public HeldoutEvaluator(RoutingStore store, ScoringModel model, List<SampleText> samples, boolean addBos, int batchSize) {
        this.store = store;
        this.model = model;
        this.modelId = store.putModel(model.modelInfo());
        this.addBos = addBos;
        this.batchSize = batchSize;
        Map<String, StringBuilder> keys = new LinkedHashMap<>();
        for (SampleText s : samples) {
            byLanguage.computeIfAbsent(s.lang(), l -> new ArrayList<>()).add(s);
            keys.computeIfAbsent(s.lang(), l -> new StringBuilder("bos=" + addBos)).append('|').append(s.lang())
                    .append('/').append(s.segmentId()).append('/').append(ModelFingerprint.sha256Hex(s.text()));
        }
        if (byLanguage.isEmpty()) {
            throw new IllegalArgumentException("no held-out samples to evaluate");
        }
        if (addBos && model.bosId() == null) {
            throw new IllegalArgumentException(model.modelInfo().path() + ": the model defines no BOS token; drop --bos");
        }
        keys.forEach((lang, key) -> evalKeys.put(lang, ModelFingerprint.sha256Hex(key.toString())));
    }

    @Override
    public String name() {
        return "bpb";
    }

    @Override
    public boolean higherIsBetter() {
        return false;
    }

    /** Bits per byte per language (in {@link #languages()} order) under the intervention. */
    @Override
    public double[] values(RouterIntervention intervention, IntConsumer samplesDone) {
        return MaskingExperiment.bpb(evaluate(intervention, samplesDone), languages());
    }

    @Override
    public List<String> languages() {
        return List.copyOf(byLanguage.keySet());
    }

    /** Number of evaluated samples over all languages. */
    @Override
    public int sampleCount() {
        return byLanguage.values().stream().mapToInt(List::size).sum();
    }

    /** Evaluated samples per language, in corpus order. */
    @Override
    public Map<String, Integer> samplesPerLanguage() {
        Map<String, Integer> out = new LinkedHashMap<>();
        byLanguage.forEach((lang, samples) -> out.put(lang, samples.size()));
        return out;
    }

    /** Forward batches run so far (cache hits run none). */
    public int forwardBatches() {
        return forwardBatches;
    }

    /** Samples scored by the model so far (cache hits score none). */
    @Override
    public int scoredSamples() {
        return scoredSamples;
    }

    /**
     * Per language (in corpus order), the result under the intervention; computed only where not cached.
     * {@code samplesDone} hears of every batch; an exception it throws (e.g. to cancel) stops the evaluation, and
     * the language being scored then is not stored.
     */
    public Map<String, EvalResult> evaluate(RouterIntervention intervention, IntConsumer samplesDone) {
        String sha = ModelFingerprint.sha256Hex(intervention.canonicalJson()); // the cache key, as stored before
        Map<String, EvalResult> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<SampleText>> e : byLanguage.entrySet()) {
            String evalKey = evalKeys.get(e.getKey());
            EvalResult r = store.evalResult(modelId, sha, evalKey, e.getKey()).orElse(null);
            if (r == null) {
                r = score(e.getKey(), e.getValue(), intervention, samplesDone);
                store.putEvalResult(modelId, sha, evalKey, r);
            } else {
                samplesDone.accept(e.getValue().size());
            }
            out.put(e.getKey(), r);
        }
        return out;
    }

    private EvalResult score(String lang, List<SampleText> samples, RouterIntervention intervention,
                             IntConsumer samplesDone) {
        double nll = 0;
        long bytes = 0;
        long tokens = 0;
        for (int from = 0; from < samples.size(); from += batchSize) {
            List<SampleText> batch = samples.subList(from, Math.min(samples.size(), from + batchSize));
            List<int[]> inputs = new ArrayList<>();
            List<Long> scoredBytes = new ArrayList<>();
            List<Integer> firstScored = new ArrayList<>(); // index into the log-probabilities
            for (SampleText s : batch) {
                int[] ids = model.encode(s.text());
                long textBytes = s.text().getBytes(StandardCharsets.UTF_8).length;
                if (addBos) {
                    int[] withBos = new int[ids.length + 1];
                    withBos[0] = model.bosId();
                    System.arraycopy(ids, 0, withBos, 1, ids.length);
                    inputs.add(withBos);
                    scoredBytes.add(textBytes);
                    firstScored.add(0);
                } else {
                    long[] boundary = firstBoundary(s.text(), ids); // {token index, bytes before it}
                    inputs.add(ids);
                    scoredBytes.add(textBytes - boundary[1]);
                    firstScored.add((int) boundary[0] - 1); // log-prob t predicts token t + 1
                }
            }
            forwardBatches++;
            List<float[]> logProbs = model.nextTokenLogProbs(inputs, intervention);
            for (int i = 0; i < batch.size(); i++) {
                float[] lp = logProbs.get(i);
                for (int t = Math.max(0, firstScored.get(i)); t < lp.length; t++) {
                    nll -= lp[t];
                    tokens++;
                }
                bytes += scoredBytes.get(i);
            }
            scoredSamples += batch.size();
            samplesDone.accept(batch.size());
        }
        return new EvalResult(lang, nll, bytes, tokens);
    }

    /**
     * The first token index j &gt;= 1 at which a character starts, and the UTF-8 bytes of the text before it:
     * the smallest j whose decoded prefix {@code ids[0..j)} is a clean prefix of the text.
     */
    private long[] firstBoundary(String text, int[] ids) {
        for (int j = 1; j < ids.length; j++) {
            String prefix = model.decode(java.util.Arrays.copyOfRange(ids, 0, j));
            if (prefix.indexOf('\uFFFD') < 0 && text.startsWith(prefix)) {
                return new long[] {j, prefix.getBytes(StandardCharsets.UTF_8).length};
            }
        }
        return new long[] {ids.length, text.getBytes(StandardCharsets.UTF_8).length}; // nothing left to score
    }
}
