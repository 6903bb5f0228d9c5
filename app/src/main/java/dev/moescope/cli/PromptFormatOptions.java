package dev.moescope.cli;

import dev.moescope.routing.prompt.ChatTemplate;
import dev.moescope.routing.prompt.PromptRenderer;
import dev.moescope.routing.prompt.PromptTemplate;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** --prompt-template, --chat-template, --no-generation-prompt and --var: how a corpus record becomes the routed string. */
final class PromptFormatOptions {

    @Option(names = "--prompt-template", paramLabel = "S",
            description = "build each prompt from named fields of the JSONL record, e.g. "
                    + "'{flores_passage}\\n{question}\\nA. {mc_answer1}\\nB. {mc_answer2}' (\\n, \\t are newline and tab; "
                    + "{text} is the record's text; {{ and }} are braces); default: the record's text")
    String promptTemplate;

    @Option(names = "--chat-template",
            description = "wrap each prompt as one user turn in the model's own Jinja chat template (tokenizer_config.json), "
                    + "as Hugging Face's apply_chat_template does; the paper used it with --var enable_thinking=false")
    boolean chatTemplate;

    @Option(names = "--no-generation-prompt",
            description = "with --chat-template: leave out the assistant turn's opening (add_generation_prompt=False; "
                    + "the paper kept it)")
    boolean noGenerationPrompt;

    @Option(names = "--var", paramLabel = "NAME=VALUE",
            description = "a chat-template variable, repeatable: --var enable_thinking=false (true/false, numbers, none)")
    List<String> vars;

    /** The renderer these options describe; {@code tokenizerDir} holds tokenizer_config.json. */
    PromptRenderer renderer(Path tokenizerDir) {
        Map<String, Object> variables = new LinkedHashMap<>();
        for (String v : vars == null ? List.<String>of() : vars) {
            Map.Entry<String, Object> e = PromptRenderer.variable(v);
            variables.put(e.getKey(), e.getValue());
        }
        if (!chatTemplate && (noGenerationPrompt || !variables.isEmpty())) {
            throw new IllegalArgumentException("--var and --no-generation-prompt need --chat-template");
        }
        PromptTemplate template = promptTemplate == null ? null : new PromptTemplate(PromptTemplate.unescape(promptTemplate));
        ChatTemplate chat = chatTemplate ? ChatTemplate.load(tokenizerDir) : null;
        return template == null && chat == null ? PromptRenderer.raw()
                : new PromptRenderer(template, chat, !noGenerationPrompt, variables);
    }
}
