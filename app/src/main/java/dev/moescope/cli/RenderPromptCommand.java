package dev.moescope.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.moescope.bridge.TextTokenizer;
import dev.moescope.resources.DemoAssets;
import dev.moescope.routing.prompt.PromptRenderer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code moescope render-prompt}: the exact string and token ids {@code collect} would route for one record. */
@Command(name = "render-prompt", mixinStandardHelpOptions = true,
        description = "Print the prompt a text or JSONL record becomes (prompt template, chat template) and its token ids, "
                + "exactly as collect routes it.")
public final class RenderPromptCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "folder with tokenizer.json (and tokenizer_config.json for --chat-template), e.g. the model folder; "
                    + "default: the demo model")
    Path tokenizer;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", description = "the prompt text")
        String text;

        @Option(names = "--record", paramLabel = "JSON", description = "one JSONL record, e.g. a Belebele line, for --prompt-template")
        String record;
    }

    @Mixin
    PromptFormatOptions prompt;

    @Option(names = "--format", defaultValue = "text", description = "text or json ({\"text\": ..., \"ids\": [...]}); default: ${DEFAULT-VALUE}")
    String format;

    @Override
    public Integer call() {
        Path dir = tokenizer != null ? tokenizer : DemoAssets.modelDir();
        PromptRenderer renderer = prompt.renderer(dir);
        String rendered;
        if (input.text != null) {
            rendered = renderer.render(input.text, Map.of());
        } else {
            Map<String, String> fields = fields(input.record);
            rendered = renderer.render(fields.getOrDefault("text", ""), fields);
        }
        int[] ids;
        try (TextTokenizer tok = TextTokenizer.load(dir, null, Set.of())) {
            ids = tok.encode(rendered);
        }
        PrintWriter out = spec.commandLine().getOut();
        switch (format.toLowerCase(Locale.ROOT)) {
            case "json" -> {
                ObjectNode n = JSON.createObjectNode();
                n.put("text", rendered);
                n.putPOJO("ids", ids);
                out.println(n);
            }
            case "text" -> {
                out.println(rendered);
                out.println("-- " + ids.length + " tokens: " + java.util.Arrays.toString(ids));
            }
            default -> throw new IllegalArgumentException("--format must be text or json, got '" + format + "'");
        }
        out.flush();
        return 0;
    }

    /** A record's fields as a corpus segment carries them: strings as they are, other values as JSON. */
    static Map<String, String> fields(String record) {
        JsonNode node;
        try {
            node = JSON.readTree(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("--record: bad JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("--record must be a JSON object such as {\"question\": \"...\"}");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            fields.put(f.getKey(), f.getValue().isTextual() ? f.getValue().textValue() : f.getValue().toString());
        }
        return fields;
    }
}
