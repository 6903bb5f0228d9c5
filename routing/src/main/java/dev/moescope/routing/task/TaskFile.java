package dev.moescope.routing.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads task records from a JSONL file (one JSON object a line; blank lines skipped); errors name file and line. */
public final class TaskFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TaskFile() {
    }

    public static List<ChoiceItem> choices(Path file, TaskFields f) {
        List<ChoiceItem> out = new ArrayList<>();
        forEachRecord(file, (where, n) -> {
            List<String> parts = new ArrayList<>();
            for (String field : f.promptFields()) {
                parts.add(text(n, field, where));
            }
            List<String> options = new ArrayList<>();
            JsonNode array = n.get(f.optionPrefix());
            if (array != null && array.isArray()) {
                for (JsonNode o : array) {
                    options.add(TaskFields.OPTION_SEPARATOR + requireText(o, f.optionPrefix() + "[" + options.size() + "]", where));
                }
            } else {
                for (int i = 1; n.has(f.optionPrefix() + i); i++) {
                    options.add(TaskFields.OPTION_SEPARATOR + text(n, f.optionPrefix() + i, where));
                }
            }
            if (options.size() < 2) {
                throw new IllegalArgumentException(where + ": expected at least 2 options in " + f.optionPrefix() + "1, "
                        + f.optionPrefix() + "2, ... or an array " + f.optionPrefix() + ", found " + options.size());
            }
            int answer = answerIndex(n, f, where) - f.answerBase();
            if (answer < 0 || answer >= options.size()) {
                throw new IllegalArgumentException(where + ": \"" + f.answer() + "\" = " + (answer + f.answerBase())
                        + " is not one of the " + options.size() + " options (" + f.answerBase() + "-based)");
            }
            out.add(new ChoiceItem(id(n, f, where), lang(n, f, where), String.join("\n", parts) + TaskFields.ANSWER_CUE,
                    options, answer));
        });
        return out;
    }

    public static List<GenerationItem> generations(Path file, TaskFields f) {
        List<GenerationItem> out = new ArrayList<>();
        forEachRecord(file, (where, n) -> {
            List<String> refs = new ArrayList<>();
            JsonNode r = n.get(f.references());
            if (r != null && r.isArray()) {
                for (JsonNode x : r) {
                    refs.add(requireText(x, f.references() + "[" + refs.size() + "]", where));
                }
            } else if (r != null && !r.isNull()) {
                refs.add(requireText(r, f.references(), where));
            }
            out.add(new GenerationItem(id(n, f, where), lang(n, f, where), text(n, f.prompt(), where), refs));
        });
        return out;
    }

    private interface RecordSink {
        void accept(String where, JsonNode record);
    }

    private static void forEachRecord(Path file, RecordSink sink) {
        String content;
        try {
            content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not valid UTF-8 (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read the task file: " + e.getMessage(), e);
        }
        String[] lines = content.split("\r?\n", -1);
        int records = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            JsonNode n;
            try {
                n = JSON.readTree(lines[i]);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(where + ": not a JSON object: " + e.getOriginalMessage(), e);
            }
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException(where + ": expected a JSON object per line");
            }
            sink.accept(where, n);
            records++;
        }
        if (records == 0) {
            throw new IllegalArgumentException(file + ": no task records");
        }
    }

    private static int answerIndex(JsonNode n, TaskFields f, String where) {
        JsonNode a = n.get(f.answer());
        if (a != null && a.isIntegralNumber()) {
            return a.asInt();
        }
        if (a != null && a.isTextual() && a.asText().strip().matches("-?\\d+")) {
            return Integer.parseInt(a.asText().strip());
        }
        throw new IllegalArgumentException(where + ": \"" + f.answer() + "\" must be the right option's number, got "
                + (a == null ? "nothing" : a.toString()));
    }

    private static String lang(JsonNode n, TaskFields f, String where) {
        JsonNode l = n.has(f.lang()) ? n.get(f.lang()) : n.get("lang");
        if (l == null || !l.isTextual() || l.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": missing the language field \"" + f.lang() + "\""
                    + (f.lang().equals("lang") ? "" : " (or \"lang\")"));
        }
        return l.asText().strip();
    }

    private static String id(JsonNode n, TaskFields f, String where) {
        JsonNode id = n.get(f.id());
        return id == null || id.isNull() ? "line " + where.substring(where.lastIndexOf(':') + 1) : id.asText();
    }

    private static String text(JsonNode n, String field, String where) {
        JsonNode v = n.get(field);
        if (v == null) {
            throw new IllegalArgumentException(where + ": missing field \"" + field + "\"");
        }
        return requireText(v, field, where);
    }

    private static String requireText(JsonNode v, String field, String where) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException(where + ": \"" + field + "\" must be a string, got " + v.getNodeType());
        }
        return v.asText();
    }
}
