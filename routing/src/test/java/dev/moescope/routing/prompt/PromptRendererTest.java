package dev.moescope.routing.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Prompt templates over record fields, the chat-template wrap, and the format JSON that enters the run key. */
class PromptRendererTest {

    private static final Map<String, String> BELEBELE = new LinkedHashMap<>(Map.of(
            "flores_passage", "The cat sat.", "question", "Where?", "mc_answer1", "mat", "mc_answer2", "hat"));

    private static ChatTemplate qwen3() throws Exception {
        return ChatTemplate.load(Path.of(PromptRendererTest.class.getResource("/prompt/qwen3/tokenizer_config.json").toURI()));
    }

    @Test
    void belebeleTemplateFillsNamedFields() {
        PromptTemplate t = new PromptTemplate(PromptTemplate.unescape("{flores_passage}\\n{question}\\nA. {mc_answer1}\\nB. {mc_answer2} {{x}}"));
        assertEquals(List.of("flores_passage", "question", "mc_answer1", "mc_answer2"), t.fields());
        assertEquals("The cat sat.\nWhere?\nA. mat\nB. hat {x}", t.render(BELEBELE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PromptTemplate("{nope}").render(BELEBELE));
        assertTrue(e.getMessage().contains("no field \"nope\"") && e.getMessage().contains("flores_passage"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PromptTemplate("a { b"));
        assertThrows(IllegalArgumentException.class, () -> new PromptTemplate("a } b"));
    }

    @Test
    void chatTemplateWrapsThePromptAsOneUserTurnLikeThePaper() throws Exception {
        Map<String, Object> vars = new HashMap<>();
        vars.put("enable_thinking", false);
        PromptRenderer r = new PromptRenderer(new PromptTemplate("{question}"), qwen3(), true, vars);
        assertEquals("<|im_start|>user\nWhere?<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
                r.render("ignored", BELEBELE));
        assertEquals("hi", PromptRenderer.raw().render("hi"));
        assertNull(PromptRenderer.raw().formatJson(), "raw text keeps the plain run key");
        String json = r.formatJson();
        assertTrue(json.contains("\"chat_template_sha256\":\"" + qwen3().sha256() + "\""), json);
        assertTrue(json.contains("\"vars\":{\"enable_thinking\":false}"), json);
        Map<String, Object> thinking = new HashMap<>();
        thinking.put("enable_thinking", true);
        assertNotEquals(json, new PromptRenderer(new PromptTemplate("{question}"), qwen3(), true, thinking).formatJson());
        assertNotEquals(json, new PromptRenderer(new PromptTemplate("{question}"), qwen3(), false, vars).formatJson());
        assertThrows(IllegalArgumentException.class, () -> new PromptRenderer(null, null, true, vars), "vars need a chat template");
    }

    @Test
    void variablesParseLikeTheCommandLineMeansThem() {
        assertEquals(Boolean.FALSE, PromptRenderer.variable("enable_thinking=false").getValue());
        assertEquals(3L, PromptRenderer.variable("n=3").getValue());
        assertNull(PromptRenderer.variable("x=none").getValue());
        assertEquals("a=b", PromptRenderer.variable("s=a=b").getValue());
        assertThrows(IllegalArgumentException.class, () -> PromptRenderer.variable("novalue"));
    }
}
