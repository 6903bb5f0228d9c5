package dev.moescope.resources;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSONL corpus: one object per non-blank line with a language label, "lang" (or Belebele's "dialect",
 * or "language"; any non-empty label, see {@link LanguageLabels}), and optionally "text", "id" or "segment"
 * (string or integer: aligns translations; default the 1-based ordinal of the record within its language),
 * "article" (0..30, UDHR numbering: decides the split) and "split" ("train" / "heldout"). Every other field
 * is kept in {@link Segment#fields()} (strings as they are, other values as JSON) for prompt templates. A record
 * without "text" needs other fields; its text is then their values, one per line, in record order.
 */
final class JsonlReader {

    static final Set<String> FIELDS = Set.of("lang", "text", "id", "segment", "article", "split");
    /** Where the language label is looked for, in this order. */
    static final List<String> LANG_FIELDS = List.of("lang", "dialect", "language");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonlReader() {
    }

    /** The records of a file, and whether any gives a "split" or an "article" (the corpus defines splits). */
    record Parsed(List<Segment> segments, boolean definesSplits) {
    }

    static Parsed read(Path file) {
        return parseAll(Utf8Lines.read(file), file);
    }

    static List<Segment> parse(List<String> lines, Object file) {
        return parseAll(lines, file).segments();
    }


    /** Parses the lines of a JSONL corpus; {@code file} is only used in error messages. */
    static Parsed parseAll(List<String> lines, Object file) {
        List<Segment> segments = new ArrayList<>();
        Map<String, Integer> ordinals = new HashMap<>();
        Set<String> seen = new HashSet<>();
        boolean[] splits = {false};
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Segment segment = parse(line, file, i + 1, ordinals, splits);
            if (!seen.add(segment.lang() + "\u0000" + segment.segmentId())) {
                throw CorpusException.at(file, i + 1, "duplicate segment \"" + segment.segmentId()
                        + "\" for lang \"" + segment.lang() + "\"");
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            throw new CorpusException(file + ": empty file (no JSON line)");
        }
        return new Parsed(segments, splits[0]);
    }

    private static Segment parse(String line, Object file, int lineNo, Map<String, Integer> ordinals, boolean[] splits) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw CorpusException.at(file, lineNo, "bad JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw CorpusException.at(file, lineNo, "expected a JSON object like {\"lang\": \"en\", \"text\": \"...\"}");
        }
        String langField = LANG_FIELDS.stream().filter(node::has).findFirst().orElse("lang");
        String lang = requiredString(node, langField, file, lineNo);
        String problem = LanguageLabels.problem(lang);
        if (problem != null) {
            throw CorpusException.at(file, lineNo, "\"" + langField + "\" " + problem);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!FIELDS.contains(f.getKey()) && !f.getKey().equals(langField)) {
                fields.put(f.getKey(), f.getValue().isTextual() ? f.getValue().textValue() : f.getValue().toString());
            }
        }
        String text;
        if (node.has("text") || fields.isEmpty()) {
            text = Texts.normalize(requiredString(node, "text", file, lineNo));
            if (text.isEmpty()) {
                throw CorpusException.at(file, lineNo, "\"text\" is empty");
            }
        } else {
            text = String.join("\n", fields.values());
            if (text.isBlank()) {
                throw CorpusException.at(file, lineNo, "no \"text\" and every other field is empty");
            }
        }
        if (node.has("id") && node.has("segment")) {
            throw CorpusException.at(file, lineNo, "give either \"id\" or \"segment\", not both");
        }
        int ordinal = ordinals.merge(lang, 1, Integer::sum);
        String id = node.has("id") ? idValue(node, "id", file, lineNo)
                : node.has("segment") ? idValue(node, "segment", file, lineNo) : Integer.toString(ordinal);
        int article = -1;
        if (node.has("article")) {
            JsonNode a = node.get("article");
            if (!a.canConvertToInt() || !a.isIntegralNumber() || a.intValue() < 0 || a.intValue() > Segment.LAST_ARTICLE) {
                throw CorpusException.at(file, lineNo, "\"article\" must be an integer 0..30, got " + a);
            }
            article = a.intValue();
        }
        Segment.Split split;
        splits[0] |= node.has("split") || node.has("article");
        if (node.has("split")) {
            JsonNode s = node.get("split");
            String value = s.isTextual() ? s.textValue().toLowerCase(Locale.ROOT) : "";
            split = switch (value) {
                case "train" -> Segment.Split.TRAIN;
                case "heldout", "held-out", "held_out" -> Segment.Split.HELDOUT;
                default -> throw CorpusException.at(file, lineNo, "\"split\" must be \"train\" or \"heldout\", got " + s);
            };
            if (article >= 0 && split != Segment.Split.forArticle(article)) {
                throw CorpusException.at(file, lineNo, "\"split\" " + s + " contradicts article " + article
                        + " (articles 25-30 are held out, the rest train)");
            }
        } else {
            split = article >= 0 ? Segment.Split.forArticle(article) : UserSplits.forId(id);
        }
        return new Segment(lang, id, article, text, split, fields);
    }

    private static String requiredString(JsonNode node, String field, Object file, int lineNo) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw CorpusException.at(file, lineNo, "missing \"" + field + "\"");
        }
        if (!value.isTextual()) {
            throw CorpusException.at(file, lineNo, "\"" + field + "\" must be a string, got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return value.textValue();
    }

    private static String idValue(JsonNode node, String field, Object file, int lineNo) {
        JsonNode value = node.get(field);
        if (value.isTextual() && !value.textValue().isBlank()) {
            return value.textValue().strip();
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        throw CorpusException.at(file, lineNo, "\"" + field + "\" must be a non-empty string or an integer, got " + value);
    }
}
