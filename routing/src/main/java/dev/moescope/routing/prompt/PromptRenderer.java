package dev.moescope.routing.prompt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What string is routed for a corpus record: its text, or a {@link PromptTemplate} over its fields, then
 * optionally wrapped as one user turn by the model's {@link ChatTemplate} (the paper:
 * {@code apply_chat_template([{"role": "user", "content": prompt}], add_generation_prompt=True,
 * enable_thinking=False)}). {@link #formatJson()} describes the rendering for the run key, so runs with
 * different prompt formats never share cached routing. Shared by every collection engine.
 */
public final class PromptRenderer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PromptRenderer RAW = new PromptRenderer(null, null, true, Map.of());

    private final PromptTemplate template;
    private final ChatTemplate chat;
    private final boolean addGenerationPrompt;
    private final Map<String, Object> variables;

    /**
     * @param template            the record's fields to build the prompt from, or null for its text
     * @param chat                the chat template to wrap the prompt in, or null for none
     * @param addGenerationPrompt with a chat template: open the assistant's turn (true in the paper)
     * @param variables           with a chat template: extra template variables ({@code enable_thinking})
     */
    public PromptRenderer(PromptTemplate template, ChatTemplate chat, boolean addGenerationPrompt,
                          Map<String, Object> variables) {
        if (chat == null && !variables.isEmpty()) {
            throw new IllegalArgumentException("template variables " + variables.keySet() + " need a chat template");
        }
        this.template = template;
        this.chat = chat;
        this.addGenerationPrompt = addGenerationPrompt;
        this.variables = new TreeMap<>(variables);
    }

    /** The record's text, unchanged. */
    public static PromptRenderer raw() {
        return RAW;
    }

    public boolean isRaw() {
        return template == null && chat == null;
    }

    /**
     * The string to route for a record: its fields (as a corpus segment carries them) plus {@code text}.
     * Without a template the text is used as it is.
     */
    public String render(String text, Map<String, String> fields) {
        String prompt = text;
        if (template != null) {
            Map<String, String> record = new LinkedHashMap<>(fields);
            record.putIfAbsent("text", text);
            prompt = template.render(record);
        }
        if (chat == null) {
            return prompt;
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "user");
        message.put("content", prompt);
        return chat.render(List.of(message), addGenerationPrompt, variables);
    }

    /** A text without fields. */
    public String render(String text) {
        return render(text, Map.of());
    }

    /**
     * Canonical JSON of the rendering (prompt template, chat template text and SHA-256, add_generation_prompt,
     * variables), or null for raw text (a raw run keeps the key it always had).
     */
    public String formatJson() {
        if (isRaw()) {
            return null;
        }
        ObjectNode n = JSON.createObjectNode();
        if (template != null) {
            n.put("prompt_template", template.source());
        }
        if (chat != null) {
            n.put("chat_template_sha256", chat.sha256());
            n.put("chat_template", chat.source());
            n.put("add_generation_prompt", addGenerationPrompt);
            n.set("vars", JSON.valueToTree(variables));
        }
        return n.toString();
    }

    /** A short description for reports: "raw text", "template {..} + chat template 3f2a... (enable_thinking=false)". */
    public String describe() {
        if (isRaw()) {
            return "raw text";
        }
        StringBuilder b = new StringBuilder();
        if (template != null) {
            b.append("prompt template");
        }
        if (chat != null) {
            b.append(b.isEmpty() ? "" : " + ").append("chat template ").append(chat.sha256(), 0, 12);
            b.append(addGenerationPrompt ? " with generation prompt" : "");
            variables.forEach((k, v) -> b.append(", ").append(k).append('=').append(v));
        }
        return b.toString();
    }

    /**
     * A template variable from {@code name=value} text: true/false become booleans, integers and decimals
     * numbers, {@code none}/{@code null} null, anything else a string (as {@code --var enable_thinking=false}).
     */
    public static Map.Entry<String, Object> variable(String assignment) {
        int eq = assignment.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--var must be name=value, got '" + assignment + "'");
        }
        String name = assignment.substring(0, eq).strip();
        String text = assignment.substring(eq + 1).strip();
        Object value;
        switch (text.toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> value = Boolean.TRUE;
            case "false" -> value = Boolean.FALSE;
            case "none", "null" -> value = null;
            default -> {
                if (text.matches("-?\\d{1,18}")) {
                    value = Long.parseLong(text);
                } else if (text.matches("-?\\d+\\.\\d+")) {
                    value = Double.parseDouble(text);
                } else {
                    value = text;
                }
            }
        }
        return new java.util.AbstractMap.SimpleEntry<>(name, value);
    }
}
