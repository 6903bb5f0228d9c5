package dev.moescope.routing.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Qwen3's real chat template rendered by {@link ChatTemplate} equals, byte for byte, what Python's jinja2 renders
 * the way transformers' apply_chat_template does (goldens made by prompt/qwen3/make_goldens.py), and so does a
 * template exercising the rest of the dialect chat templates use (loop controls, generation blocks, tojson with
 * indent, slices, tests, filters, str methods).
 */
class ChatTemplateGoldenTest {

    record Case(String name, boolean add_generation_prompt, Map<String, Object> vars, List<Map<String, Object>> messages) {
    }

    private static Path dir() throws Exception {
        return Path.of(ChatTemplateGoldenTest.class.getResource("/prompt/qwen3/tokenizer_config.json").toURI()).getParent();
    }

    @Test
    void everyCaseMatchesTheJinja2GoldenByteForByte() throws Exception {
        Path dir = dir();
        ChatTemplate template = ChatTemplate.load(dir);
        List<Case> cases = new ObjectMapper().readValue(dir.resolve("chat-cases.json").toFile(), new TypeReference<>() { });
        assertEquals(7, cases.size());
        for (Case c : cases) {
            byte[] golden = Files.readAllBytes(dir.resolve("goldens/" + c.name() + ".txt"));
            String rendered = template.render(c.messages(), c.add_generation_prompt(), c.vars());
            assertEquals(new String(golden, StandardCharsets.UTF_8), rendered, c.name());
            assertEquals(golden.length, rendered.getBytes(StandardCharsets.UTF_8).length, c.name());
        }
    }

    @Test
    void otherTemplateFeaturesMatchJinja2Too() throws Exception {
        Path dir = dir().resolveSibling("dialect");
        ChatTemplate template = new ChatTemplate(Files.readString(dir.resolve("template.jinja")), Map.of(), "template.jinja");
        List<Case> cases = new ObjectMapper().readValue(dir.resolve("cases.json").toFile(), new TypeReference<>() { });
        assertEquals(2, cases.size());
        for (Case c : cases) {
            String golden = Files.readString(dir.resolve("goldens/" + c.name() + ".txt"), StandardCharsets.UTF_8);
            assertEquals(golden, template.render(c.messages(), c.add_generation_prompt(), c.vars()), c.name());
        }
    }

    @Test
    void thePapersPromptEndsWithAnEmptyThinkBlockOnlyWhenThinkingIsOff() throws Exception {
        ChatTemplate template = ChatTemplate.load(dir());
        List<Map<String, Object>> messages = List.of(Map.of("role", "user", "content", "Hallo"));
        assertEquals("<|im_start|>user\nHallo<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
                template.render(messages, true, Map.of("enable_thinking", false)));
        assertEquals("<|im_start|>user\nHallo<|im_end|>\n<|im_start|>assistant\n",
                template.render(messages, true, Map.of("enable_thinking", true)));
        assertEquals(64, template.sha256().length());
    }

    @Test
    void syntaxRewritesKeepStringsAndRefuseOtherSteps() {
        assertEquals("{% for m in (messages|reverse) %}", JinjaSyntax.rewrite("{% for m in messages[::-1] %}"));
        assertEquals("{{ 'a[::-1]' }}", JinjaSyntax.rewrite("{{ 'a[::-1]' }}"));
        assertEquals("{% set ns = namespace(a=(m|length - 1), b=(f(x, y=(2)))) %}",
                JinjaSyntax.rewrite("{% set ns = namespace(a=m|length - 1, b=f(x, y=2)) %}"));
        assertEquals("{% if a == b %}", JinjaSyntax.rewrite("{% if a == b %}"));
        assertThrows(IllegalArgumentException.class, () -> JinjaSyntax.rewrite("{{ m[::2] }}"));
    }

    @Test
    void templateErrorsAndRaisedExceptionsFailTheRender() {
        ChatTemplate raising = new ChatTemplate("{{ raise_exception('only user turns') }}", Map.of(), "t");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> raising.render(List.of(), false, Map.of()));
        assertTrue(e.getMessage().contains("only user turns"), e.getMessage());
        ChatTemplate broken = new ChatTemplate("{{ messages[0].content.nosuchmethod() }}", Map.of(), "t");
        assertThrows(IllegalArgumentException.class,
                () -> broken.render(List.of(Map.of("role", "user", "content", "x")), false, Map.of()));
    }
}
