package dev.moescope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.moescope.bridge.TextTokenizer;
import dev.moescope.bridge.train.MoeSpec;
import dev.moescope.bridge.train.WindowSampler;
import dev.moescope.resources.udhr.UdhrTrainingSet;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@code train-demo} trains on: texts per language, turned into byte or subword token streams. */
final class TrainingTexts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingTexts() {
    }

    /**
     * The training split of every UDHR translation with at least {@code minBytes} of it, keyed by file name, plus
     * the translations named in {@code always} (the languages the app shows) whatever their size.
     */
    static Map<String, List<String>> udhr(Path udhrDir, int minBytes, Set<String> always, PrintWriter o) {
        UdhrTrainingSet.Result all = UdhrTrainingSet.load(udhrDir, 0);
        List<UdhrTrainingSet.Translation> used = all.used().stream()
                .filter(t -> t.bytes() >= minBytes || always.contains(t.id())).toList();
        long small = all.used().size() - used.size();
        List<String> kept = used.stream().filter(t -> t.bytes() < minBytes).map(UdhrTrainingSet.Translation::id).toList();
        Map<String, List<String>> texts = new LinkedHashMap<>();
        used.forEach(t -> texts.put(t.id(), t.texts()));
        long scripts = used.stream().map(UdhrTrainingSet.Translation::script).distinct().count();
        long isos = used.stream().map(UdhrTrainingSet.Translation::iso6393).distinct().count();
        o.printf("udhr %s: %d translations (%d ISO 639-3 languages, %d scripts) with >= %d bytes of preamble +"
                + " articles 1-24%s; %d files left out; articles 25-30 of every translation are never read%n",
                udhrDir, used.size(), isos, scripts, minBytes,
                kept.isEmpty() ? "" : " (and, shown by the app, " + String.join(", ", kept) + ")",
                all.skipped().size() + small);
        if (used.isEmpty()) {
            throw new IllegalArgumentException(udhrDir + ": no translation has " + minBytes + " bytes of training text");
        }
        return texts;
    }

    /** Byte streams, or subword streams through {@code tokenizerDir}'s tokenizer.json (null: bytes). */
    static Map<String, int[]> streams(Map<String, List<String>> texts, Path tokenizerDir) {
        if (tokenizerDir == null) {
            return WindowSampler.byteStreams(texts);
        }
        try (TextTokenizer tok = TextTokenizer.load(tokenizerDir, MoeSpec.BOS, Set.of(MoeSpec.EOS))) {
            return WindowSampler.tokenStreams(texts, tok::encode);
        }
    }

    /** Drops (and names) languages whose stream is shorter than one training window. */
    static Map<String, int[]> atLeast(Map<String, int[]> streams, int window, PrintWriter o) {
        Map<String, int[]> out = new LinkedHashMap<>();
        streams.forEach((lang, s) -> {
            if (s.length >= window) {
                out.put(lang, s);
            } else {
                o.printf("  left out %s: %d tokens, shorter than one window of %d%n", lang, s.length, window);
            }
        });
        return out;
    }

    /** Rows of the embedding a tokenizer needs: 1 + the highest id in its vocabulary and added tokens. */
    static int vocabularySize(Path tokenizerDir) {
        Path file = tokenizerDir.resolve("tokenizer.json");
        try {
            JsonNode root = JSON.readTree(file.toFile());
            int max = -1;
            for (JsonNode id : (Iterable<JsonNode>) () -> root.path("model").path("vocab").elements()) {
                max = Math.max(max, id.asInt());
            }
            for (JsonNode t : root.path("added_tokens")) {
                max = Math.max(max, t.path("id").asInt());
            }
            if (max < MoeSpec.PAD) {
                throw new IllegalArgumentException(file + ": vocabulary of " + (max + 1) + " entries, expected at least "
                        + (MoeSpec.PAD + 1) + " (bytes + bos/eos/pad)");
            }
            return max + 1;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }
}
