package dev.moescope.routing.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import jinjava.javax.el.CompositeELResolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A model's own Jinja chat template ({@code chat_template} of {@code tokenizer_config.json}) rendered the way
 * Hugging Face's {@code apply_chat_template(messages, tokenize=False, add_generation_prompt=...)} renders it:
 * trim_blocks and lstrip_blocks, loop controls, transformers' {@code tojson}, {@code raise_exception} and
 * {@code {% generation %}} block, the tokenizer's
 * special tokens ({@code eos_token}, {@code pad_token}, ...) and any extra template variables
 * ({@code enable_thinking=false}) as globals. The engine is Jinjava, with Python's str methods and two syntax
 * rewrites ({@link JinjaSyntax}) where its dialect differs; any template error fails the render.
 */
public final class ChatTemplate {

    /** The special-token attributes transformers passes to the template (its special_tokens_map). */
    static final List<String> SPECIAL_TOKENS = List.of("bos_token", "eos_token", "unk_token", "sep_token",
            "pad_token", "cls_token", "mask_token", "additional_special_tokens");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String source;
    private final String sha256;
    private final Map<String, Object> specialTokens;
    private final String origin;
    private final Jinjava jinjava;
    private final String parsedSource;

    ChatTemplate(String source, Map<String, Object> specialTokens, String origin) {
        this.source = source;
        this.sha256 = sha256(source);
        this.specialTokens = Map.copyOf(specialTokens);
        this.origin = origin;
        this.parsedSource = JinjaSyntax.rewrite(source);
        this.jinjava = engine();
    }

    /** The chat template of {@code dir/tokenizer_config.json}; a clear error when there is none. */
    public static ChatTemplate load(Path dir) {
        Path file = Files.isDirectory(dir) ? dir.resolve("tokenizer_config.json") : dir;
        JsonNode config;
        try {
            config = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
        JsonNode template = config == null ? null : config.get("chat_template");
        if (template == null || template.isNull()) {
            throw new IllegalArgumentException(file + ": no \"chat_template\" (this tokenizer has no chat template)");
        }
        if (!template.isTextual()) { // a list of named templates: the "default" one, as transformers picks
            JsonNode named = null;
            for (JsonNode t : template) {
                if ("default".equals(t.path("name").asText())) {
                    named = t.get("template");
                }
            }
            if (named == null || !named.isTextual()) {
                throw new IllegalArgumentException(file + ": \"chat_template\" is neither a string nor a list with a \"default\" template");
            }
            template = named;
        }
        Map<String, Object> special = new LinkedHashMap<>();
        for (String name : SPECIAL_TOKENS) {
            JsonNode t = config.get(name);
            if (t == null || t.isNull()) {
                continue;
            }
            if (t.isArray()) {
                List<String> tokens = new ArrayList<>();
                t.forEach(x -> tokens.add(tokenText(x)));
                special.put(name, tokens);
            } else {
                special.put(name, tokenText(t));
            }
        }
        return new ChatTemplate(template.textValue(), special, file.toString());
    }

    private static String tokenText(JsonNode token) { // "<|im_end|>" or {"content": "<|im_end|>", ...}
        return token.isTextual() ? token.textValue() : token.path("content").asText();
    }

    /** The template text as the tokenizer config holds it. */
    public String source() {
        return source;
    }

    /** SHA-256 of the template text, in hex. */
    public String sha256() {
        return sha256;
    }

    /** Where the template was read from. */
    public String origin() {
        return origin;
    }

    /**
     * The prompt string for a conversation.
     *
     * @param messages            {@code {"role": ..., "content": ...}} maps, in order
     * @param addGenerationPrompt append the assistant turn's opening, as the paper did
     * @param variables           extra template variables (e.g. {@code enable_thinking -> false})
     */
    public String render(List<Map<String, Object>> messages, boolean addGenerationPrompt, Map<String, Object> variables) {
        Map<String, Object> context = new LinkedHashMap<>(specialTokens);
        context.putAll(variables);
        context.put("messages", messages);
        context.put("add_generation_prompt", addGenerationPrompt);
        context.putIfAbsent("tools", null);
        context.putIfAbsent("documents", null);
        RenderResult result = jinjava.renderForResult(parsedSource, context);
        List<TemplateError> errors = result.getErrors().stream()
                .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL).toList();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(origin + ": chat template failed: " + errors.stream()
                    .map(e -> "line " + e.getLineno() + ": " + describe(e)).collect(Collectors.joining("; ")));
        }
        return result.getOutput();
    }

    /** The error's message, and the innermost cause's (e.g. the text a template passed to raise_exception). */
    private static String describe(TemplateError e) {
        Throwable root = e.getException();
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == null || root.getMessage() == null || e.getMessage().contains(root.getMessage())
                ? e.getMessage() : e.getMessage() + " (" + root.getMessage() + ")";
    }

    /** Called by templates as {@code raise_exception('...')}. */
    public static String raiseException(String message) {
        throw new IllegalArgumentException("the template raised: " + message);
    }

    private static Jinjava engine() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        LegacyOverrides python = LegacyOverrides.newBuilder()
                .withUseNaturalOperatorPrecedence(true)
                .withParseWhitespaceControlStrictly(true)
                .withUseTrimmingForNotesAndExpressions(true)
                .withKeepNullableLoopValues(true)
                .withWhitespaceRequiredWithinTokens(false)
                .build();
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withElResolver(resolver)
                .withLegacyOverrides(python)
                .withFailOnUnknownTokens(false)
                .build();
        Jinjava j = new Jinjava(config);
        j.getGlobalContext().registerFilter(new PythonJson());
        j.getGlobalContext().registerTag(new GenerationTag());
        try {
            j.getGlobalContext().registerFunction(new ELFunctionDefinition("", "raise_exception",
                    ChatTemplate.class.getMethod("raiseException", String.class)));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return j;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
