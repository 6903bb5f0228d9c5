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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSONL corpus: one object per non-blank line with "lang" and "text" (strings), and
 * optionally "id" or "segment" (string or integer: aligns translations; default the 1-based
 * ordinal of the record within its language), "article" (0..30, UDHR numbering: decides the
 * split) and "split" ("train" / "heldout"). Any other field is an error.
 */
final class JsonlReader {

    static final Set<String> FIELDS = Set.of("lang", "text", "id", "segment", "article", "split");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonlReader() {
    }

    static List<Segment> read(Path file) {
        return parse(Utf8Lines.read(file), file);
    }

    /** Parses the lines of a JSONL corpus; {@code file} is only used in error messages. */
    static List<Segment> parse(List<String> lines, Object file) {
        List<Segment> segments = new ArrayList<>();
        Map<String, Integer> ordinals = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            Segment segment = parse(line, file, i + 1, ordinals);
            if (!seen.add(segment.lang() + "\u0000" + segment.segmentId())) {
                throw CorpusException.at(file, i + 1, "duplicate segment \"" + segment.segmentId()
                        + "\" for lang \"" + segment.lang() + "\"");
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            throw new CorpusException(file + ": empty file (no JSON line)");
        }
        return segments;
    }

    private static Segment parse(String line, Object file, int lineNo, Map<String, Integer> ordinals) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw CorpusException.at(file, lineNo, "bad JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw CorpusException.at(file, lineNo, "expected a JSON object like {\"lang\": \"en\", \"text\": \"...\"}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw CorpusException.at(file, lineNo, "unknown field \"" + name + "\" (allowed: lang, text, id, segment, article, split)");
            }
        }
        String lang = requiredString(node, "lang", file, lineNo);
        if (!TextFolderReader.LANG_CODE.matcher(lang).matches()) {
            throw CorpusException.at(file, lineNo, "\"lang\" must be a language code such as \"en\" or \"zh-Hant\", got \"" + lang + "\"");
        }
        String text = Texts.normalize(requiredString(node, "text", file, lineNo));
        if (text.isEmpty()) {
            throw CorpusException.at(file, lineNo, "\"text\" is empty");
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
        return new Segment(lang, id, article, text, split);
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
